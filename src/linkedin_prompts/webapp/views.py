"""Pieces of screen the pages share: a variable's widget, a chat transcript, an answer's tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import streamlit as st

from ..errors import PromptStudioError
from . import forms

if TYPE_CHECKING:
    from ..render import RenderResult
    from ..run.session import Conversation
    from ..run.settings import ModelSettings

SEVERITY_ICON = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}


def variable_widget(field: forms.Field, key: str) -> None:
    """The widget that fits the variable's type; its value lives in ``st.session_state[key]``."""
    var, label, help_ = field.var, field.label, field.help or None
    if field.widget == "text_input":
        # No max_chars: a browser would silently cut pasted text; the inline message says what to fix.
        st.text_input(label, key=key, help=help_, placeholder=_placeholder(var))
    elif field.widget == "text_area":
        hint = "One item per line." if var.type == "list" else None
        st.text_area(label, key=key, help="\n\n".join(x for x in (help_, hint) if x) or None,
                     placeholder=_placeholder(var), height=120 if var.type == "long_text" else 100)
    elif field.widget == "selectbox":
        st.selectbox(label, var.choices or [], key=key, help=help_, placeholder="Choose…")
    elif field.widget == "multiselect":
        st.multiselect(label, var.choices or [], key=key, help=help_)
    elif field.widget == "number_input":
        st.number_input(label, key=key, help=help_, min_value=var.min, max_value=var.max, step=1.0,
                        format="%g")
    elif field.widget == "toggle":
        st.toggle(label, key=key, help=help_)


def _placeholder(var) -> str | None:
    example = var.example
    if isinstance(example, list):
        example = "\n".join(map(str, example))
    if example in (None, ""):
        return None
    text = str(example)
    return "e.g. " + (text if len(text) <= 90 else text[:89] + "…")


def token_caption(result: "RenderResult", settings: "ModelSettings | None") -> None:
    """Token count (exact or approximate) and the input cost for the configured model."""
    try:
        from ..tokens import estimate_result

        est = estimate_result(result, settings.model if settings else None)
    except PromptStudioError:
        return
    cost = est.get("input_cost_usd")
    cost_text = f" · input ≈ ${cost['usd']:.4f} ({cost['source']})" if cost else " · cost unknown for this model"
    label = "exact" if est["method"] == "exact" else "approximate"
    st.caption(f"{est['tokens']:,} tokens ({label}, {est['model']}){cost_text}")


def conversation(conv: "Conversation", *, skip_first: int) -> None:
    """The messages after the rendered prompt: answers and follow-ups."""
    for message in conv.messages[skip_first:]:
        with st.chat_message(message["role"]):
            st.markdown(message["content"])


def pending(conv: "Conversation") -> bool:
    """A user message waits for an answer (a follow-up was just sent)."""
    return bool(conv.messages) and conv.messages[-1]["role"] == "user" and len(conv.run_ids) > 0


def model_error(error: dict[str, Any], *, on_retry: Callable[[], None]) -> None:
    st.error(error["message"], icon=":material/error:")
    if error.get("partial"):
        st.caption("The part of the answer that arrived is kept above and saved as incomplete.")
    st.button("Retry", on_click=on_retry, icon=":material/refresh:", key=f"retry:{id(error)}")


def answer_tools(answer: str, kind: str, *, title: str, ref: str, prompt_text: str) -> None:
    """The LinkedIn check of the latest answer, its LinkedIn-ready copy and downloads."""
    from ..checks import check_text
    from ..linkedin_text import to_linkedin_text

    ready_text = to_linkedin_text(answer)
    report = check_text(ready_text, kind)
    with st.expander("LinkedIn check and LinkedIn-ready copy", expanded=True, icon=":material/fact_check:"):
        check_report(report)
        st.markdown("**LinkedIn-ready text** (Markdown removed, bullets as •): copy it with the button.")
        st.code(ready_text, language=None, wrap_lines=True)
        d1, d2 = st.columns(2)
        d1.download_button("Download answer (.txt)", ready_text, file_name="answer.txt", mime="text/plain",
                           on_click="ignore", icon=":material/download:", width="stretch")
        d2.download_button("Download prompt and answer (.md)", forms.as_markdown(title, ref, prompt_text, answer),
                           file_name="prompt-and-answer.md", mime="text/markdown", on_click="ignore",
                           icon=":material/download:", width="stretch")


def check_report(report) -> None:
    counts = report.counts
    cols = st.columns(4)
    limit = report.limit
    cols[0].metric("Characters", f"{max(counts['utf16'], counts['code_points']):,}",
                   help="Counted as browsers do (UTF-16): emoji and Unicode bold count twice.")
    cols[1].metric("Limit", f"{limit['max']:,}" if limit else "none",
                   delta=f"{limit['remaining']:,} left" if limit else None,
                   delta_color="normal" if not limit or limit["remaining"] >= 0 else "inverse",
                   help=limit.get("source") if limit else None)
    cols[2].metric("Words", f"{counts['words']:,}")
    cols[3].metric("Hashtags", counts.get("hashtags", 0))
    if report.fold:
        fold = report.fold
        st.markdown(f"**Before “…see more”** (approximate): mobile ~{fold.mobile_chars} characters, "
                    f"desktop ~{fold.desktop_chars}" + (f", {fold.max_lines} lines" if fold.max_lines else ""))
        st.text(fold.mobile + (" …see more" if fold.truncated else ""))
        if not fold.hook_before_fold:
            st.caption("The first line runs past the mobile fold: readers won't see all of your hook.")
    if report.ok and not report.findings:
        st.success("Fits LinkedIn: no problems found.", icon=":material/check_circle:")
    for f in report.findings:
        st.markdown(f"{SEVERITY_ICON.get(f.severity, '')} **{f.severity}** · line {f.line} · `{f.code}` — {f.message}")
