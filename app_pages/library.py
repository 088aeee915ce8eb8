"""Library: search and filter the prompts, favourite them, open one in the workspace."""

import streamlit as st

from linkedin_prompts.webapp import state

lib = state.library()
if "prompt" in st.query_params:  # deep link: ?prompt=ID opens the prompt directly
    state.open_prompt(st.query_params["prompt"], st.query_params.get("version"))

st.title("Prompt library")
st.caption(f"{len(lib.prompts())} expert prompts for growing on LinkedIn · library {lib.version}")
for problem in state.library_problems():
    st.warning(f"Skipped: {problem}", icon=":material/warning:")

categories = lib.categories()
left, mid, right, fav = st.columns([3, 2, 2, 1], vertical_alignment="bottom")
query = left.text_input("Search", key="lib_search", placeholder="hook, headline, pricing, newsletter…",
                        help="Matches titles, summaries, tags and the prompt text itself.")
category = mid.selectbox("Category", [None, *categories], key="lib_category",
                         format_func=lambda c: "All categories" if c is None else categories[c].title)
tags = right.multiselect("Tags", lib.tags(), key="lib_tags")
only_favs = fav.toggle("Favourites", key="lib_favs")

favourites = state.favourite_prompts()
hits = lib.search(query, category=category)
if tags:
    hits = [p for p in hits if set(tags) <= set(p.spec.tags)]
if only_favs:
    hits = [p for p in hits if p.id in favourites]

PAGE_SIZE = 10  # a page of cards keeps the first paint light; "Show more" adds the next ones
shown = st.session_state.get("lib_shown", PAGE_SIZE)
st.caption(f"{len(hits)} prompt(s)")
if not hits:
    st.info("Nothing matches. Try fewer words, or clear the filters.")


def toggle_favourite(prompt_id: str, on: bool) -> None:
    state.store().set_favourite_prompt(prompt_id, on, user_id=state.user_id())


for prompt in hits[:shown]:
    spec = prompt.spec
    with st.container(border=True):
        head, star, open_ = st.columns([8, 1, 1], vertical_alignment="center")
        cat = categories[spec.category].title if spec.category in categories else spec.category
        head.markdown(f"**{spec.title}**  \n{spec.summary}")
        head.caption(f"{cat} · {spec.output.kind} · " + " ".join(f"#{t}" for t in spec.tags)
                     + (" · overrides the bundled prompt" if prompt.overrides else ""))
        is_fav = prompt.id in favourites
        star.button("", key=f"fav:{prompt.id}", icon=":material/star:" if is_fav else ":material/star_border:",
                    help="Remove from favourites" if is_fav else "Add to favourites",
                    on_click=toggle_favourite, args=(prompt.id, not is_fav))
        if open_.button("Open", key=f"open:{prompt.id}", type="primary"):
            state.open_prompt(prompt.id)

if len(hits) > shown:
    st.button(f"Show more ({len(hits) - shown} left)", icon=":material/expand_more:",
              on_click=lambda: st.session_state.update(lib_shown=shown + PAGE_SIZE))
