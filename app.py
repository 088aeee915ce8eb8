"""LinkedIn Prompt Studio: the Streamlit entry. Start it with `make run`."""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent / "app_pages"

st.set_page_config(page_title="LinkedIn Prompt Studio", page_icon=":material/work:", layout="wide")

PAGES = {
    "library": st.Page(HERE / "library.py", title="Library", icon=":material/library_books:", default=True),
    "workspace": st.Page(HERE / "workspace.py", title="Prompt workspace", icon=":material/edit_note:",
                         url_path="prompt"),
    "assistant": st.Page(HERE / "assistant.py", title="Assistant", icon=":material/forum:"),
    "checklist": st.Page(HERE / "checklist.py", title="Growth checklist", icon=":material/checklist:"),
    "explainer": st.Page(HERE / "explainer.py", title="Followers vs connections", icon=":material/group:"),
    "history": st.Page(HERE / "history.py", title="History", icon=":material/history:"),
    "settings": st.Page(HERE / "settings.py", title="Settings", icon=":material/settings:"),
}
st.session_state["_pages"] = PAGES

page = st.navigation(list(PAGES.values()))
with st.sidebar:
    st.caption("Drafts text for LinkedIn; never posts for you.")
page.run()
