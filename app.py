"""LinkedIn Prompt Studio: the Streamlit entry. Run with `make run`."""

import streamlit as st

from linkedin_prompts.errors import PromptStudioError
from linkedin_prompts.library import Library

st.set_page_config(page_title="LinkedIn Prompt Studio", page_icon="💼", layout="wide")


@st.cache_resource
def library() -> Library:
    return Library()


lib = library()
st.title("LinkedIn Prompt Studio")
for exc in lib.errors:
    st.warning(f"Skipped a broken file: {exc}")
prompts = lib.prompts()
choice = st.selectbox("Prompt", prompts, format_func=lambda p: f"{p.spec.title} ({p.id})")
if choice:
    st.caption(choice.spec.summary)
    values = {}
    for var in choice.spec.variables:
        values[var.name] = st.text_area(var.label, value=str(var.example or ""), help=var.help)
    try:
        result = lib.render(choice.id, values, use_default_profile=False)
        st.code(result.text, language=None, wrap_lines=True)
    except PromptStudioError as exc:
        st.error(str(exc))
