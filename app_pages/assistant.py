"""Assistant: a chat with a LinkedIn strategist that points to prompts in the library."""

import streamlit as st

from linkedin_prompts.assistant import assistant_system, load_assistant, mentioned_prompts
from linkedin_prompts.errors import PromptStudioError
from linkedin_prompts.webapp import running, state, views

SCOPE = "assistant"
lib = state.library()
try:
    spec, _ = load_assistant(lib)
    system = assistant_system(lib)
except PromptStudioError as exc:
    st.error(str(exc))
    st.stop()

st.title("Assistant")
st.caption(spec.title + " · suggests next steps and the prompts that help")
state.no_model_banner()
ready = state.model_ready()

conv = running.current(SCOPE)
with st.chat_message("assistant"):
    st.markdown(spec.greeting)
if conv is not None:
    for message in conv.messages[1:]:
        with st.chat_message(message["role"]):
            st.markdown(message["content"])
            if message["role"] == "assistant":
                for pid in mentioned_prompts(lib, message["content"]):
                    st.page_link(state.page("workspace"), label=lib.get(pid).spec.title,
                                 icon=":material/edit_note:", query_params={"prompt": pid})
    if views.pending(conv) and not running.last_error(SCOPE):
        with st.chat_message("assistant"):
            st.write_stream(running.stream(SCOPE))
        st.rerun()
    error = running.last_error(SCOPE)
    if error:
        views.model_error(error, on_retry=lambda: running.retry(SCOPE))

if conv is not None and st.button("New conversation", icon=":material/add_comment:"):
    st.session_state.pop(running.conversation_key(SCOPE), None)
    st.rerun()

question = st.chat_input("Ask about your LinkedIn: goals, profile, posts, Page, Group…", disabled=not ready,
                         submit_mode="disable", key="assistant_input")
if question:
    if conv is None:
        conv = running.start(SCOPE, None, [{"role": "system", "content": system}])
    conv.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        st.write_stream(running.stream(SCOPE))
    st.rerun()
