"""Logic behind the Streamlit pages. Pages lay out; this package decides.

Nothing here imports LangChain or the OpenAI SDK at module level: the first paint must stay light.
"""
