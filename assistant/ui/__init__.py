"""Web UI (Gradio): app.py builds the Blocks; one module per tab; commands.serve starts it."""
