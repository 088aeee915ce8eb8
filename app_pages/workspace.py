"""Prompt workspace: fill the variables, preview and copy, run, check the answer, refine it."""

import streamlit as st

from linkedin_prompts.errors import PromptStudioError
from linkedin_prompts.webapp import forms, running, state, views

lib = state.library()
prompt_id = st.query_params.get("prompt")
if not prompt_id:
    st.title("Prompt workspace")
    choice = st.selectbox("Pick a prompt", [p.id for p in lib.prompts()], index=None,
                          format_func=lambda i: f"{lib.get(i).spec.title} ({i})", placeholder="Search prompts…")
    if choice:
        state.open_prompt(choice)
    st.page_link(state.page("library"), label="Or browse the library", icon=":material/library_books:")
    st.stop()

try:
    versions = lib.versions(prompt_id)
except PromptStudioError as exc:
    st.error(str(exc))
    st.page_link(state.page("library"), label="Back to the library", icon=":material/arrow_back:")
    st.stop()

wanted = st.query_params.get("version")
newest_first = versions[::-1]
version = st.sidebar.selectbox("Version", newest_first, key=f"version:{prompt_id}",
                               index=newest_first.index(wanted) if wanted in newest_first else 0,
                               help="Older versions stay usable; your history records which one you ran.")
try:
    prompt = lib.get(f"{prompt_id}@{version}")
except PromptStudioError as exc:
    st.error(str(exc))
    st.stop()
spec = prompt.spec
scope = f"{prompt_id}@{version}"

st.title(spec.title)
st.markdown(spec.summary)
st.caption(f"`{scope}` · output: {spec.output.kind}" + (f" · {spec.output.format}" if spec.output.format else ""))
state.no_model_banner()

# --- the form: one widget per variable, prefilled from the saved profile ------------------------
fields = forms.fields_for(spec.variables, state.profile_values())
keys = {f.var.name: f"var:{scope}:{f.var.name}" for f in fields}
for f in fields:
    st.session_state.setdefault(keys[f.var.name], f.initial)


def fill_example() -> None:
    for f in fields:
        example = spec.examples[0].values.get(f.var.name)
        st.session_state[keys[f.var.name]] = forms.to_widget(f.var, example if example is not None else f.initial)


def reset_form() -> None:
    for f in fields:
        st.session_state[keys[f.var.name]] = f.initial


form_col, preview_col = st.columns([5, 6], gap="large")
with form_col:
    st.subheader("Your details")
    b1, b2 = st.columns(2)
    b1.button("Fill with the example", on_click=fill_example, icon=":material/auto_fix_high:", width="stretch")
    b2.button("Reset", on_click=reset_form, icon=":material/restart_alt:", width="stretch")
    values = {}
    for f in fields:
        views.variable_widget(f, keys[f.var.name])
        values[f.var.name] = forms.from_widget(f.var, st.session_state[keys[f.var.name]])
        error = forms.field_errors([f.var], values).get(f.var.name)
        if error:
            st.markdown(f":red[{error}]")

# --- the live preview -------------------------------------------------------------------------
with preview_col:
    st.subheader("Copy-ready prompt")
    result = None
    missing = forms.field_errors(spec.variables, values)
    try:
        result = lib.render(scope, values, use_default_profile=False)
    except PromptStudioError as exc:
        if missing:
            st.info("Fill in the fields marked in red to see the prompt: " + ", ".join(missing) + ".")
        else:
            st.error(str(exc))
    if result:
        st.code(result.text, language=None, wrap_lines=True, height=420)
        views.token_caption(result, state.model_settings_or_none())
        link, complete = forms.chatgpt_link(result.text)
        l1, l2 = st.columns(2)
        l1.link_button("Open in ChatGPT", link, icon=":material/open_in_new:", width="stretch",
                       help=None if complete else "The prompt is too long for a link: paste it from the copy button.")
        l2.download_button("Download prompt", result.text, file_name=f"{prompt_id.replace('/', '-')}.txt",
                           mime="text/plain", on_click="ignore", icon=":material/download:", width="stretch")

# --- run, answer, check, refine -----------------------------------------------------------------
st.divider()
ready = state.model_ready()
run_clicked = st.button("Run", type="primary", icon=":material/play_arrow:", disabled=not (ready and result),
                        help=None if ready else "Set up a model in Settings to run prompts here.")
if run_clicked and result:
    running.start(scope, result)

conv = running.current(scope)
if conv is not None:
    views.conversation(conv, skip_first=len(result.messages()) if result else 2)
    if run_clicked or (views.pending(conv) and not running.last_error(scope)):
        with st.chat_message("assistant"):
            st.write_stream(running.stream(scope))
        st.rerun()
    error = running.last_error(scope)
    if error:
        views.model_error(error, on_retry=lambda: running.retry(scope))
    answer = running.last_answer(scope)
    if answer:
        views.answer_tools(answer, spec.output.kind, title=spec.title, ref=scope,
                           prompt_text=result.text if result else "")
    follow_up = st.chat_input("Ask for changes: shorter, another hook, more specific…", key=f"chat:{scope}",
                              disabled=not ready, submit_mode="disable")
    if follow_up:
        conv.messages.append({"role": "user", "content": follow_up})
        st.rerun()
