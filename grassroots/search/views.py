"""Search pages: results (notes / users / topics), suggestions, history, clicks, unanswered.

The results page renders in full on a normal request; the infinite-scroll sentinel asks for
the next page with htmx and gets only the hits (search/partials/_hits.html). Only the first
page of a search is logged; later pages and clicks carry a signed token naming that log row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grassroots.accounts.queries import followed_ids
from grassroots.core.errors import Forbidden, NotFound
from grassroots.engagement.queries import viewer_note_states
from grassroots.feed.queries import channel_taxonomy
from grassroots.search import engine
from grassroots.search.didyoumean import LOW_RESULTS, did_you_mean
from grassroots.search.history import history_clear, history_delete, history_for
from grassroots.search.hot import hot_searches, searcher_key
from grassroots.search.querylog import search_clicked, search_performed
from grassroots.search.suggest import suggest
from grassroots.search.unanswered import DEFAULT_DAYS, unanswered_queries

PAGE_SIZE = 20
MAX_OFFSET = engine.OFFSET_MAX
QUERY_CHARS = 200
SORTS = ("overall", "latest", "likes", "comments", "collects")
NOTE_TYPES = ("image", "text")
TIMES = ("day", "week", "halfyear")
TABS = ("notes", "users", "topics")
CLICK_SALT = "grassroots.search.click"


@dataclass(frozen=True)
class SearchParams:
    q: str
    sort: str
    note_type: str | None
    time: str | None
    category: str | None
    city: str
    following: bool
    tab: str
    offset: int
    token: str = ""  # signed id of the logged search this page belongs to

    def url(self, **changes: Any) -> str:
        """The results URL for these parameters with `changes` applied (defaults left out)."""
        values: dict[str, str] = {
            "q": self.q,
            "type": self.note_type or "",
            "sort": self.sort if self.sort != "overall" else "",
            "time": self.time or "",
            "category": self.category or "",
            "city": self.city,
            "following": "1" if self.following else "",
            "tab": self.tab if self.tab != "notes" else "",
            "t": self.token,
        }
        for key, value in changes.items():
            if key == "sort" and value == "overall":
                value = ""
            if key == "tab" and value == "notes":
                value = ""
            values[key] = "" if value is None else str(value)
        query = urlencode({key: value for key, value in values.items() if value})
        return reverse("search:results") + (f"?{query}" if query else "")


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


def _offset(value: str | None) -> int:
    try:
        return max(0, min(int(value or 0), MAX_OFFSET))
    except ValueError:
        return 0


def search_params(request: HttpRequest) -> SearchParams:
    """Read the results page parameters; unknown values fall back to the defaults."""
    get = request.GET
    category = get.get("category") or None
    if category is not None and category not in channel_taxonomy().by_slug:
        category = None
    authenticated = bool(request.user.is_authenticated)
    return SearchParams(
        q=(get.get("q") or "").strip()[:QUERY_CHARS],
        sort=_choice(get.get("sort"), SORTS) or "overall",
        note_type=_choice(get.get("type"), NOTE_TYPES),
        time=_choice(get.get("time"), TIMES),
        category=category,
        city=(get.get("city") or "").strip()[:30],
        following=authenticated and get.get("following") in ("1", "on", "true"),
        tab=_choice(get.get("tab"), TABS) or "notes",
        offset=_offset(get.get("offset")),
        token=(get.get("t") or "") if _query_id(get.get("t")) is not None else "",
    )


def click_token(query_id: int) -> str:
    return signing.dumps(query_id, salt=CLICK_SALT, compress=True)


def _query_id(token: str | None) -> int | None:
    if not token:
        return None
    try:
        value = signing.loads(token, salt=CLICK_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def _wants_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted  # type: ignore[union-attr]


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    params = search_params(request)
    context: dict[str, Any] = {"params": params, "nav": "search"}
    if not params.q:
        context.update(
            hot=hot_searches(), history=history_for(user=request.user), taxonomy=channel_taxonomy()
        )
        return _render(request, "search/results.html", context)
    if params.tab == "users":
        return _people(request, params, context)
    if params.tab == "topics":
        return _topics(request, params, context)
    found = engine.search_notes(
        query=params.q,
        viewer=request.user,
        sort=params.sort,
        note_type=params.note_type,
        time=params.time,
        category=params.category,
        city=params.city or None,
        following_only=params.following,
        limit=PAGE_SIZE,
        offset=params.offset,
    )
    if not params.token and params.offset == 0 and not _wants_partial(request):
        # A new search (not a further page, filter or tab of one already logged).
        logged = search_performed(
            query=params.q,
            result_count=found.total,
            user=request.user,
            searcher=searcher_key(request),
        )
        if logged is not None:
            params = replace(params, token=click_token(logged.pk))
            context["params"] = params
    liked_ids, _collected = viewer_note_states(
        viewer=request.user, note_ids=[hit.note.pk for hit in found.items]
    )
    next_offset = params.offset + len(found.items)
    context.update(
        hits=found.items,
        total=found.total,
        liked_ids=liked_ids,
        next_url=(
            params.url(offset=next_offset)
            if found.items and next_offset < min(found.total, MAX_OFFSET)
            else ""
        ),
    )
    if _wants_partial(request):
        return _render(request, "search/partials/_hits.html", context)
    answer_hit = _answer_hit(found)
    suggestion = did_you_mean(params.q) if found.total < LOW_RESULTS else None
    context.update(answer_hit=answer_hit, suggestion=suggestion, taxonomy=channel_taxonomy())
    return _render(request, "search/results.html", context)


def _answer_hit(found: Any) -> Any:
    """The hit whose note holds the best answer (the engine picks it), if it is on this page."""
    answer = getattr(found, "answer", None)
    if answer is None:
        return None
    for hit in found.items:
        if hit.note.pk == answer.note_id:
            return replace(hit, answer=answer) if hit.answer is not answer else hit
    return None


def _people(request: HttpRequest, params: SearchParams, context: dict[str, Any]) -> HttpResponse:
    found = engine.search_users(query=params.q, limit=PAGE_SIZE, offset=params.offset)
    people = list(found.items)
    next_offset = params.offset + len(people)
    context.update(
        people=people,
        total=found.total,
        followed=followed_ids(viewer=request.user, user_ids=[p.pk for p in people]),
        next_url=params.url(offset=next_offset) if people and next_offset < found.total else "",
    )
    if _wants_partial(request):
        return _render(request, "search/partials/_people.html", context)
    return _render(request, "search/results.html", context)


def _topics(request: HttpRequest, params: SearchParams, context: dict[str, Any]) -> HttpResponse:
    found = engine.search_topics(query=params.q, limit=PAGE_SIZE, offset=params.offset)
    topics = list(found.items)
    next_offset = params.offset + len(topics)
    context.update(
        topics=topics,
        total=found.total,
        next_url=params.url(offset=next_offset) if topics and next_offset < found.total else "",
    )
    if _wants_partial(request):
        return _render(request, "search/partials/_topics.html", context)
    return _render(request, "search/results.html", context)


@require_GET
def go(request: HttpRequest, note_id: int) -> HttpResponse:
    """Open a result from a search (answer block, snippet): count the click, then redirect."""
    query_id = _query_id(request.GET.get("t"))
    if query_id is not None:
        search_clicked(query_id=query_id, note_id=note_id)
    target = reverse("notes:detail", args=[note_id])
    comment = request.GET.get("c", "")
    if comment.isdigit():
        target += f"#comment-{int(comment)}"
    return HttpResponseRedirect(target)


@require_POST
def click(request: HttpRequest) -> HttpResponse:
    """The beacon a card click sends (search.js): count the click, answer 204."""
    query_id = _query_id(request.POST.get("t"))
    note = request.POST.get("note", "")
    if query_id is not None and note.isdigit():
        search_clicked(query_id=query_id, note_id=int(note))
    return HttpResponse(status=204)


@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """The dropdown under the search box: completions, or history and hot searches when empty."""
    q = (request.GET.get("q") or "").strip()[:QUERY_CHARS]
    context: dict[str, Any] = {"q": q}
    if q:
        context["suggestions"] = suggest(q)
    else:
        context.update(history=history_for(user=request.user), hot=hot_searches())
    return render(request, "search/partials/_suggest.html", context)


def _history_response(request: HttpRequest) -> HttpResponse:
    if _wants_partial(request):
        return render(
            request,
            "search/partials/_suggest.html",
            {"q": "", "history": history_for(user=request.user), "hot": hot_searches()},
        )
    return HttpResponseRedirect(reverse("search:results"))


@require_POST
def history_remove(request: HttpRequest) -> HttpResponse:
    """Forget one search of the user (`entry` in the form: the history entry id)."""
    entry = request.POST.get("entry", "")
    if not request.user.is_authenticated or not entry.isdigit():
        raise NotFound(_("No such search in your history."), code="history_entry_not_found")
    history_delete(user=request.user, entry_id=int(entry))
    return _history_response(request)


@require_POST
def history_remove_all(request: HttpRequest) -> HttpResponse:
    history_clear(user=request.user)
    return _history_response(request)


@require_GET
def unanswered(request: HttpRequest) -> HttpResponse:
    """Staff only: frequent questions the notes do not answer yet."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise Forbidden(_("Only staff can see this page."))
    try:
        days = max(1, min(int(request.GET.get("days") or DEFAULT_DAYS), 365))
    except ValueError:
        days = DEFAULT_DAYS
    rows = unanswered_queries(days=days)
    return render(request, "search/unanswered.html", {"rows": rows, "days": days})
