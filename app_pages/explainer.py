"""Followers vs connections: the explainer, its comparison table and a decision helper."""

import streamlit as st

from linkedin_prompts.errors import PromptStudioError
from linkedin_prompts.guide import decide, load_explainer
from linkedin_prompts.webapp import state

lib = state.library()
try:
    explainer = load_explainer(lib)
except PromptStudioError as exc:
    st.error(str(exc))
    st.stop()

st.title(explainer.title)
explain_tab, table_tab, decide_tab = st.tabs(["Explained", "Side by side", "Which should I grow?"])
with explain_tab:
    body = explainer.markdown.lstrip()
    if body.startswith("# "):  # the page already has its title
        body = body.split("\n", 1)[1] if "\n" in body else ""
    st.markdown(body)
with table_tab:
    st.table([{"": row.aspect, "Followers": row.followers, "Connections": row.connections, "Source": row.source}
              for row in explainer.table])
with decide_tab:
    st.caption("Answer five questions; the recommendation and the prompts to use appear at the end.")
    answers = {}
    for question in explainer.decision.questions:
        labels = {a.id: a.label for a in question.answers}
        answers[question.id] = st.radio(question.text, list(labels), format_func=labels.get, index=None,
                                        key=f"decide:{question.id}")
    if all(answers.values()):
        try:
            decision = decide(explainer, answers)
        except PromptStudioError as exc:
            st.error(str(exc))
        else:
            st.success(f"**{decision.title}**", icon=":material/lightbulb:")
            st.markdown(decision.recommendation)
            st.caption(f"Score: followers {decision.scores['followers']}, connections {decision.scores['connections']}")
            st.markdown("**Prompts to use**")
            for pid in decision.prompts:
                if pid in lib.ids():
                    st.page_link(state.page("workspace"), label=lib.get(pid).spec.title,
                                 icon=":material/edit_note:", query_params={"prompt": pid})
    else:
        remaining = sum(1 for v in answers.values() if not v)
        st.info(f"{remaining} question(s) to go.")
