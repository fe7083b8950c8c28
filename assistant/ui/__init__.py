"""Web UI (Gradio): app.py builds the Blocks; one module per tab; commands.serve starts it."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry, no version check
