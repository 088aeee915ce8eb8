"""The Streamlit app under AppTest: every page, the workspace flow, runs with fake models, persistence."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import streamlit as st
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PROMPT = "post-ideas/lesson-from-a-mistake"
PAGES = ["library", "workspace", "assistant", "checklist", "explainer", "history", "settings"]
TIMEOUT = 60  # AppTest's 3 s default is too short on 2 cores


@pytest.fixture(autouse=True)
def fresh_caches():
    """The library and the store are process-wide resources; each test gets its own."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def app(page: str | None = None, *, model=None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if model is not None:  # a LangChain chat model injected into the session, as an embedding app would
        at.session_state["chat_model"] = model
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page and page != "library":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    return at


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def fake_model(*answers: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=a) for a in answers]))


def workspace(**extra) -> AppTest:
    at = app(prompt=PROMPT, **extra)
    assert at.title[0].value == "Lesson-from-a-mistake post"
    return at


def field(at: AppTest, label: str):
    for group in (at.text_area, at.text_input):
        for widget in group:
            if widget.label.rstrip(" *") == label:
                return widget
    raise AssertionError(f"no field labelled {label!r}")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_errors(page):
    at = app(page)
    no_errors(at)
    assert at.title, "each page has a title"


def test_no_model_banner_says_what_still_works():
    at = app("workspace", prompt=PROMPT)
    assert any("No model is set up" in i.value and "copy prompts" in i.value for i in at.info)


def test_library_search_filters_and_deep_link():
    at = app()
    assert "70 prompt(s)" in [c.value for c in at.caption]
    at.text_input(key="lib_search").set_value("headline variants").run()
    count = next(c.value for c in at.caption if c.value.endswith("prompt(s)"))
    assert 0 < int(count.split()[0]) < 70
    assert "open:profile/headline-variants" in [b.key for b in at.button if b.label == "Open"]
    at.button(key="open:profile/headline-variants").click().run()
    assert at.title[0].value.lower().startswith("headline")
    deep = app(prompt="groups/seeding-plan")
    assert "seed" in deep.title[0].value.lower()


def test_library_shows_a_page_of_prompts_then_more():
    at = app()
    first = len([b for b in at.button if b.label == "Open"])
    assert first == 10
    next(b for b in at.button if b.label.startswith("Show more")).click().run()
    assert len([b for b in at.button if b.label == "Open"]) == 20


def test_favourite_a_prompt_and_filter_by_favourites():
    at = app()
    at.text_input(key="lib_search").set_value("mistake lesson").run()
    at.button(key=f"fav:{PROMPT}").click().run()
    at.text_input(key="lib_search").set_value("").run()
    at.toggle(key="lib_favs").set_value(True).run()
    assert [b.key for b in at.button if b.label == "Open"] == [f"open:{PROMPT}"]


def test_form_to_preview_with_inline_validation():
    at = workspace()
    assert not at.code, "no preview while a required field is empty"
    assert any("Required." in m.value for m in at.markdown)
    field(at, "What went wrong").set_value("I booked two clients into the same Tuesday slot.").run()
    no_errors(at)
    preview = at.code[0].value
    assert "I booked two clients into the same Tuesday slot." in preview
    assert preview.startswith("You are a LinkedIn ghostwriter")
    field(at, "The lesson").set_value("x" * 201).run()
    assert any("201 characters; the maximum is 200" in m.value for m in at.markdown)


def test_values_stay_literal_in_the_preview():
    at = workspace()
    field(at, "What went wrong").set_value("{{ 7*7 }} {% if true %}x{% endif %}").run()
    assert "{{ 7*7 }} {% if true %}x{% endif %}" in at.code[0].value


def test_profile_prefills_the_form():
    at = app("settings")
    at.text_input(key="profile:author_name").set_value("Ana Ruiz")
    at.text_input(key="profile:role").set_value("Fractional CFO")
    at.button[0].click()  # the form's submit button
    at.run()
    assert any("Profile saved" in s.value for s in at.success)
    ws = workspace()
    assert field(ws, "Your name").value == "Ana Ruiz"
    field(ws, "What went wrong").set_value("Missed a board deadline.").run()
    assert "Ana Ruiz, Fractional CFO" in ws.code[0].value


def test_run_with_a_fake_model_then_follow_up_and_check():
    at = workspace()
    at.session_state["chat_model"] = fake_model(
        "I quoted a fixed fee with no scope cap.\n\n**Scope creep** cost me 20 hours a week.\n\n- Write the scope\n- Price changes",
        "Shorter: I quoted a fixed fee with no cap. Never again.")
    at.button[[b.label for b in at.button].index("Fill with the example")].click().run()
    run = next(b for b in at.button if b.label == "Run")
    run.click().run()
    no_errors(at)
    assert any("Scope creep" in m.value for m in at.markdown)
    ready = [c.value for c in at.code if "Write the scope" in c.value]
    assert ready and "**" not in ready[0] and "• Write the scope" in ready[0]
    assert any(m.label == "Characters" for m in at.metric)
    at.chat_input[0].set_value("Make it shorter").run()
    no_errors(at)
    assert any("Never again." in m.value for m in at.markdown)
    assert any(m.value == "Make it shorter" for m in at.markdown)


def test_model_error_keeps_the_partial_answer_and_offers_retry():
    at = workspace()
    at.session_state["chat_model"] = FakeListChatModel(responses=["Partial answer that breaks"], error_on_chunk_number=8)
    at.button[[b.label for b in at.button].index("Fill with the example")].click().run()
    next(b for b in at.button if b.label == "Run").click().run()
    assert at.error, "the cause is shown"
    assert any(m.value == "Partial" for m in at.markdown), "the partial answer is kept"
    assert "stopped after" in at.error[0].value
    assert any(b.label == "Retry" for b in at.button)
    at.session_state["chat_model"] = fake_model("A full answer this time.")
    next(b for b in at.button if b.label == "Retry").click().run()
    no_errors(at)
    assert any("A full answer this time." in m.value for m in at.markdown)


def test_history_lists_the_run_and_deletes_it():
    at = workspace()
    at.session_state["chat_model"] = fake_model("An answer worth keeping.")
    at.button[[b.label for b in at.button].index("Fill with the example")].click().run()
    next(b for b in at.button if b.label == "Run").click().run()
    hist = app("history")
    no_errors(hist)
    assert any("An answer worth keeping." in c.value for c in hist.code)
    next(b for b in hist.button if b.label == "Delete").click().run()
    assert any("No runs yet" in i.value for i in hist.info)


def test_checklist_ticks_persist_into_a_new_session():
    at = app("checklist")
    box = at.checkbox[0]
    key = box.key
    box.check().run()
    no_errors(at)
    again = app("checklist")
    assert again.checkbox(key=key).value is True
    assert "1 of" in again.get("progress")[0].proto.text


def test_decision_helper_recommends_and_links_prompts():
    from linkedin_prompts.guide import decide, load_explainer
    from linkedin_prompts.library import Library

    explainer = load_explainer(Library())
    answers = {q.id: q.answers[0].id for q in explainer.decision.questions}
    expected = decide(explainer, answers)
    at = app("explainer")
    for qid, aid in list(answers.items())[:-1]:
        at.radio(key=f"decide:{qid}").set_value(aid)
    at.run()
    assert not at.success and any("1 question(s) to go" in i.value for i in at.info)
    last_q, last_a = list(answers.items())[-1]
    at.radio(key=f"decide:{last_q}").set_value(last_a).run()
    no_errors(at)
    assert at.success[0].value == f"**{expected.title}**"
    assert any(expected.recommendation.strip()[:60] in m.value for m in at.markdown)


def test_settings_api_key_stays_in_the_session(isolated_user_dirs):
    secret = "sk-test-SESSION-ONLY-987654321"
    at = app("settings")
    key_box = next(t for t in at.text_input if t.label == "API key")
    key_box.set_value(secret)
    next(b for b in at.button if b.label == "Use these settings").click().run()
    assert at.session_state["api_key"] == secret
    other = app("settings")
    assert "api_key" not in other.session_state, "sessions are isolated"
    for path in Path(isolated_user_dirs).rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_broken_user_library_file_is_named_and_the_rest_works(tmp_path, monkeypatch):
    lib = tmp_path / "mylib" / "post-ideas"
    lib.mkdir(parents=True)
    (lib / "broken.yaml").write_text("id: post-ideas/broken\ntitle: [unclosed\n")
    monkeypatch.setenv("LINKEDIN_PROMPTS_LIBRARY", str(tmp_path / "mylib"))
    at = app()
    assert any("broken.yaml" in w.value and "malformed YAML" in w.value for w in at.warning)
    assert "70 prompt(s)" in [c.value for c in at.caption]
    assert [b for b in at.button if b.label == "Open"], "the bundled prompts are listed"


def test_first_paint_does_not_import_langchain_or_openai(tmp_path):
    code = textwrap.dedent(f"""
        import sys, os
        from streamlit.testing.v1 import AppTest
        for page in {PAGES!r}:
            at = AppTest.from_file({APP!r}, default_timeout={TIMEOUT})
            at.query_params["prompt"] = {PROMPT!r} if page == "workspace" else None
            at.run()
            if page != "library" and page != "workspace":
                at.switch_page(f"app_pages/{{page}}.py"); at.run()
        heavy = sorted(m for m in sys.modules if m.split('.')[0] in ("langchain", "langchain_core", "langchain_openai", "openai"))
        print(json.dumps(heavy) if False else "HEAVY=" + ",".join(heavy))
    """)
    env = {**__import__("os").environ, "LINKEDIN_PROMPTS_CONFIG_DIR": str(tmp_path / "c"),
           "LINKEDIN_PROMPTS_DATA_DIR": str(tmp_path / "d"), "LINKEDIN_PROMPTS_CACHE_DIR": str(tmp_path / "k")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert "HEAVY=" in proc.stdout, proc.stderr[-2000:]
    assert proc.stdout.strip().rsplit("HEAVY=", 1)[1] == ""


def test_assistant_answers_and_links_the_prompts_it_names():
    at = app("assistant", model=fake_model(
        "Start with your headline: use `profile/headline-variants`, then `engagement/connection-note`."))
    at.chat_input[0].set_value("I'm a fractional CFO looking for clients. Where do I start?").run()
    no_errors(at)
    assert any("Start with your headline" in m.value for m in at.markdown)
    links = [el for el in at.main if getattr(el, "type", "") == "page_link"] or at.get("page_link")
    labels = [link.proto.label for link in links]
    assert any(label.lower().startswith("headline") for label in labels), labels
    assert len(labels) == 2


def test_continue_a_conversation_from_history():
    at = workspace()
    at.session_state["chat_model"] = fake_model("First answer.", "Second answer, after the follow-up.")
    at.button[[b.label for b in at.button].index("Fill with the example")].click().run()
    next(b for b in at.button if b.label == "Run").click().run()
    hist = app("history", model=fake_model("Continued answer from history."))
    next(b for b in hist.button if b.label == "Continue").click().run()
    no_errors(hist)
    assert hist.title[0].value == "Lesson-from-a-mistake post"
    assert any(m.value == "First answer." for m in hist.markdown), "the earlier turn is back"
    assert field(hist, "What went wrong").value.startswith("I priced a 6-month retainer"), "and the values used"
    hist.switch_page("app_pages/workspace.py")  # AppTest does not keep a page switched to by the script
    hist.chat_input[0].set_value("Make it warmer").run()
    assert any("Continued answer from history." in m.value for m in hist.markdown)
