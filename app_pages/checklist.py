"""Growth checklist: sections with progress, ticks saved per user, links to the prompts that help."""

import json

import streamlit as st

from linkedin_prompts.errors import PromptStudioError
from linkedin_prompts.guide import load_checklist
from linkedin_prompts.webapp import state

lib = state.library()
try:
    checklist = load_checklist(lib)
    store = state.store()
    done = store.checklist_progress(state.user_id())
except PromptStudioError as exc:
    st.error(str(exc))
    st.stop()

items = checklist.items()
total_done = sum(1 for item in items if done.get(item.id))
st.title("LinkedIn growth checklist")
st.caption("Tick what you have done; your progress is saved and still here next time.")
st.progress(total_done / len(items), text=f"{total_done} of {len(items)} done")


def tick(item_id: str) -> None:
    store.set_checklist_item(item_id, bool(st.session_state[f"tick:{item_id}"]), user_id=state.user_id())


for section in checklist.sections:
    section_done = sum(1 for item in section.items if done.get(item.id))
    with st.expander(f"{section.title} — {section_done}/{len(section.items)}", expanded=section_done < len(section.items)):
        st.progress(section_done / len(section.items))
        for item in section.items:
            key = f"tick:{item.id}"
            st.session_state[key] = bool(done.get(item.id))
            st.checkbox(item.text, key=key, on_change=tick, args=(item.id,), help=item.why)
            notes = [f"Why: {item.why}"] + ([f"Source: {item.source}"] if item.source else [])
            st.caption(" · ".join(notes))
            if item.prompts:
                cols = st.columns(min(len(item.prompts), 3))
                for col, pid in zip(cols * 3, item.prompts):
                    title = lib.get(pid).spec.title if pid in lib.ids() else pid
                    col.page_link(state.page("workspace"), label=title, icon=":material/edit_note:",
                                  query_params={"prompt": pid})


def reset() -> None:
    store.reset_checklist(state.user_id())


def export() -> str:
    rows = [{"section": s.title, "id": i.id, "text": i.text, "done": bool(done.get(i.id))}
            for s in checklist.sections for i in s.items]
    return json.dumps({"checklist_version": checklist.version, "items": rows}, indent=2, ensure_ascii=False)


st.divider()
c1, c2 = st.columns(2)
c1.download_button("Export progress (JSON)", export, file_name="linkedin-checklist.json",
                   mime="application/json", on_click="ignore", icon=":material/download:", width="stretch")
if c2.button("Reset all ticks", icon=":material/restart_alt:", width="stretch"):
    st.session_state["confirm_reset"] = True
if st.session_state.get("confirm_reset"):
    st.warning("Clear every tick? This cannot be undone.")
    y, n = st.columns(2)
    if y.button("Yes, reset", type="primary", on_click=reset):
        st.session_state["confirm_reset"] = False
        st.rerun()
    if n.button("Keep my progress"):
        st.session_state["confirm_reset"] = False
        st.rerun()
