"""History: every run and conversation, searchable; open, copy, continue, favourite, delete, export."""

import json
from datetime import datetime

import streamlit as st

from linkedin_prompts.errors import PromptStudioError
from linkedin_prompts.webapp import forms, running, state

lib = state.library()
uid = state.user_id()
try:
    store = state.store()
    runs = store.list_runs(user_id=uid, limit=500)
except PromptStudioError as exc:
    st.error(str(exc))
    st.stop()

st.title("History")
if not runs:
    st.info("No runs yet. Run a prompt from its workspace and it appears here, with its settings and answer.")
    st.stop()

conversations: dict[str, list] = {}
for record in runs:  # newest first; keep conversations in the order of their latest turn
    conversations.setdefault(record.conversation_id, []).append(record)

prompt_ids = sorted({r.prompt_id for r in runs if r.prompt_id})
c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
query = c1.text_input("Search", placeholder="words from the answer or the prompt id", key="history_search")
only_prompt = c2.selectbox("Prompt", [None, *prompt_ids], key="history_prompt",
                           format_func=lambda p: "All prompts" if p is None else p)
only_favs = c3.toggle("Favourites", key="history_favs")


def matches(turns: list) -> bool:
    if only_prompt and turns[0].prompt_id != only_prompt:
        return False
    if only_favs and not any(t.favourite for t in turns):
        return False
    words = query.lower().split()
    hay = " ".join([t.output for t in turns] + [t.prompt_id or "assistant" for t in turns]).lower()
    return all(w in hay for w in words)


def toggle_favourite(run_id: str, on: bool) -> None:
    store.set_favourite(run_id, on)


def delete(conversation_id: str) -> None:
    store.delete_conversation(conversation_id)


def continue_conversation(turns: list) -> None:
    ordered = sorted(turns, key=lambda r: (r.turn, r.created_at))
    first = ordered[0]
    if first.prompt_id and first.prompt_id in lib.ids():
        ref = f"{first.prompt_id}@{first.prompt_version}"
        try:
            render = lib.render(ref, first.variables, use_default_profile=False)
            spec = lib.get(ref).spec
        except PromptStudioError:
            render, spec = None, None
        for var in spec.variables if spec else []:  # the form shows the values that were used
            st.session_state[f"var:{ref}:{var.name}"] = forms.to_widget(var, first.variables.get(var.name))
        running.adopt(ref, ordered, render)
        state.open_prompt(first.prompt_id, first.prompt_version)
    else:
        running.adopt("assistant", ordered)
        st.switch_page(state.page("assistant"))


shown = [(cid, turns) for cid, turns in conversations.items() if matches(turns)]
st.caption(f"{len(shown)} conversation(s), {sum(len(t) for _, t in shown)} run(s)")
for cid, turns in shown:
    latest = turns[0]
    ordered = sorted(turns, key=lambda r: (r.turn, r.created_at))
    title = lib.get(latest.prompt_id).spec.title if latest.prompt_id in lib.ids() else (latest.prompt_id or "Assistant chat")
    when = datetime.fromisoformat(latest.created_at).strftime("%d %b %Y %H:%M")
    badge = {"complete": "", "incomplete": " · :orange[incomplete]", "error": " · :red[error]"}[latest.status]
    star = " ★" if any(t.favourite for t in turns) else ""
    with st.expander(f"{title}{star} — {when} · {latest.model} · {len(turns)} turn(s){badge}"):
        for record in ordered:
            asked = next((m["content"] for m in reversed(record.messages) if m["role"] == "user"), "")
            if record.turn > 0:
                st.markdown(f"**You:** {asked}")
            st.code(record.output or "(no text arrived)", language=None, wrap_lines=True)
            facts = [record.status, f"{record.latency_ms or 0:,.0f} ms"]
            if record.total_tokens:
                facts.append(f"{record.total_tokens:,} tokens")
            if record.cost_usd is not None:
                facts.append(f"${record.cost_usd:.4f}")
            if record.error:
                facts.append(record.error)
            st.caption(" · ".join(facts) + f" · `{record.ref or 'assistant'}` · run {record.id[:8]}")
        b1, b2, b3 = st.columns(3)
        if b1.button("Continue", key=f"cont:{cid}", icon=":material/forum:", width="stretch",
                     disabled=not state.model_ready(), help="Open it in its workspace and keep refining"):
            continue_conversation(turns)
        b2.button("Unfavourite" if latest.favourite else "Favourite", key=f"fav:{cid}", width="stretch",
                  on_click=toggle_favourite, args=(latest.id, not latest.favourite), icon=":material/star:")
        b3.button("Delete", key=f"del:{cid}", on_click=delete, args=(cid,), icon=":material/delete:", width="stretch")

st.divider()
st.download_button("Export my history (JSON)", lambda: json.dumps(store.export(user_id=uid), indent=2, ensure_ascii=False),
                   file_name="linkedin-prompts-history.json", mime="application/json", on_click="ignore",
                   icon=":material/download:")
