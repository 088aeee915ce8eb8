"""Settings: your profile (saved), the model (this session), the API key (this session only)."""

import streamlit as st

from linkedin_prompts.errors import PromptStudioError
from linkedin_prompts.profiles import PROFILE_FIELDS, save_profile
from linkedin_prompts.webapp import state

st.title("Settings")
state.no_model_banner()

LABELS = {
    "author_name": ("Your name", "As it appears on LinkedIn."),
    "role": ("Your role", "e.g. Fractional CFO for seed-stage SaaS"),
    "industry": ("Industry", "e.g. B2B software"),
    "audience": ("Audience", "Who you want to reach, as specifically as you can."),
    "offer": ("What you offer", "What you sell or want to be hired for."),
    "tone": ("Tone of voice", "How you sound, in a few words: candid, warm, dry…"),
    "language": ("Language", "The language your posts are written in."),
}
MAX = {"author_name": 80, "role": 120, "industry": 80, "audience": 200, "offer": 300, "tone": 80, "language": 40}

st.subheader("Your profile")
st.caption("Saved on this machine and used to prefill every prompt that asks for these details.")
profile = state.profile_values()
with st.form("profile"):
    values = {}
    for name in PROFILE_FIELDS:
        label, hint = LABELS[name]
        values[name] = st.text_input(label, value=str(profile.get(name, "")), max_chars=MAX[name], help=hint,
                                     key=f"profile:{name}")
    if st.form_submit_button("Save profile", type="primary", icon=":material/save:"):
        try:
            kept = {k: v for k, v in profile.items() if k not in PROFILE_FIELDS}
            path = save_profile(state.profile_name(), {**kept, **values})
            st.success(f"Profile saved ({path.name}).")
        except PromptStudioError as exc:
            st.error(str(exc))

st.subheader("Model")
st.caption("OpenAI, or any OpenAI-compatible server (Ollama, vLLM, LM Studio, LiteLLM) through its base URL. "
           "These settings last for this browser session.")
current = st.session_state.setdefault(state.SESSION_SETTINGS, {})
try:
    effective = state.model_settings()
except PromptStudioError as exc:
    st.error(str(exc))
    effective = None
with st.form("model"):
    model = st.text_input("Model", value=current.get("model") or (effective.model if effective else ""),
                          help="e.g. gpt-5.4-mini, or llama3.1 on Ollama")
    base_url = st.text_input("Base URL", value=current.get("base_url") or (effective.base_url or "" if effective else ""),
                             placeholder="https://api.openai.com/v1 (default)",
                             help="For a local server, e.g. http://localhost:11434/v1 (Ollama). Local servers need no key.")
    temperature = st.slider("Temperature", 0.0, 2.0, float(current.get("temperature") or
                            (effective.temperature if effective and effective.temperature is not None else 0.7)), 0.1)
    key = st.text_input("API key", type="password", value="",
                        placeholder="set for this session" if st.session_state.get(state.SESSION_KEY) else "sk-…",
                        help="Kept in this browser session only: never written to disk, history or exports. "
                             "You can also set OPENAI_API_KEY in the environment or in .streamlit/secrets.toml.")
    if st.form_submit_button("Use these settings", type="primary", icon=":material/check:"):
        st.session_state[state.SESSION_SETTINGS] = {"model": model.strip() or None,
                                                    "base_url": base_url.strip() or None,
                                                    "temperature": temperature}
        if key.strip():
            st.session_state[state.SESSION_KEY] = key.strip()
        st.rerun()
if st.session_state.get(state.SESSION_KEY) and st.button("Forget the API key", icon=":material/key_off:"):
    st.session_state.pop(state.SESSION_KEY, None)
    st.rerun()

if effective:
    source = "this session" if st.session_state.get(state.SESSION_KEY) else ("the environment" if effective.api_key else "nowhere yet")
    st.caption(f"In use: {effective.model} at {effective.host} · key from {source}")
