"""CSS of the app: readable on a 1366×768 laptop, a phone, and a projector."""

CSS = """
.gradio-container { max-width: 1360px !important; }
#zf-header { align-items: center; }
#zf-title h1 { font-size: 1.45rem; margin: 0.2rem 0; }
#zf-who { text-align: right; }
.zf-user { color: var(--body-text-color-subdued); font-size: 0.9rem; }
.zf-notice { padding: 0.5rem 0.75rem; border-radius: 6px; margin: 0.25rem 0; background: #eef2ff;
  color: #1e3a8a; }
.zf-warn { background: #fff7e6; color: #8a4b00; }
.zf-error { background: #fdecec; color: #9b1c1c; }
.zf-ok { background: #eaf7ee; color: #14532d; }
.zf-article { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.75rem 1rem;
  background: var(--background-fill-primary); }
.zf-head { font-size: 1.1rem; }
.zf-meta { color: var(--body-text-color-subdued); font-size: 0.85rem; margin: 0.2rem 0 0.5rem; }
.zf-text { white-space: pre-wrap; line-height: 1.8; font-size: 1rem; overflow-wrap: anywhere; }
.zf-old { color: #b45309; font-size: 0.8rem; border: 1px solid #f59e0b; border-radius: 4px;
  padding: 0 0.3rem; font-weight: normal; }
.zf-near { margin-top: 0.5rem; color: var(--body-text-color-subdued); }
.zf-near summary { cursor: pointer; }
.zf-near .zf-text { font-size: 0.92rem; }
.zf-cards .wrap { flex-direction: column; align-items: stretch; gap: 0.4rem; }
.zf-cards label { white-space: pre-line; width: 100%; align-items: flex-start; line-height: 1.5;
  border: 1px solid var(--border-color-primary); border-radius: 8px; }
.zf-copytext textarea { font-size: 0.9rem; }
.zf-toc { font-size: 0.95rem; line-height: 1.7; }
.zf-toc1 { font-weight: 600; margin-top: 0.4rem; }
.zf-toc2 { padding-left: 1em; font-weight: 500; }
.zf-toc3 { padding-left: 2em; }
.zf-tocrange { color: var(--body-text-color-subdued); font-size: 0.85rem; }
.zf-tocrange.zf-toc1 { font-weight: normal; margin-top: 0; }
.zf-toc2.zf-tocrange { padding-left: 1em; }
.zf-toc3.zf-tocrange { padding-left: 2em; }
.zf-toc4.zf-tocrange { padding-left: 3em; }
.zf-table { overflow-x: auto; margin-top: 0.4rem; }
.zf-table table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
.zf-table th, .zf-table td { border-bottom: 1px solid var(--border-color-primary); padding: 0.3rem 0.5rem;
  text-align: left; vertical-align: top; }
.zf-projector { padding: 1rem 1.5rem; min-height: 52vh; border-radius: 10px;
  background: var(--background-fill-secondary); }
.zf-pmeta { color: var(--body-text-color-subdued); font-size: clamp(1rem, 1.6vw, 1.4rem);
  display: flex; justify-content: space-between; gap: 1rem; margin-bottom: 0.8rem; }
.zf-pos { white-space: nowrap; }
.zf-ptext { white-space: pre-wrap; font-size: clamp(1.35rem, 3vw, 2.6rem); line-height: 1.7;
  overflow-wrap: anywhere; }
.zf-proj-nav button { font-size: 1.2rem !important; min-height: 3rem; }
@media (max-width: 640px) {
  #zf-title h1 { font-size: 1.2rem; }
  .gradio-container { padding: 0 6px !important; }
  .zf-projector { padding: 0.6rem 0.8rem; min-height: 40vh; }
}
"""
