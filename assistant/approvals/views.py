"""The pages: the approval queue and its card actions (approve, reject, undo, edit, revise,
bulk), history, exports, feedback and insights; the dashboard, a team's page, the team
switcher, the member's agent settings and API tokens, and the health endpoint."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget

from assistant.approvals.forms import (
    ActionEditForm,
    AgentSettingsForm,
    ApiTokenForm,
    BulkDecisionForm,
    FeedbackForm,
    HistoryFilterForm,
    QueueFilterForm,
    RejectForm,
    TeamSwitchForm,
)
from assistant.approvals.selectors import (
    ActionFilters,
    action_cards,
    actions_going_out,
    approval_insights,
    approval_queue,
    contact_names,
    export_csv,
    export_json,
    history_actions,
    history_page,
    queue_version,
    system_health,
)
from assistant.engine.actions import (
    CRITICAL_IN_BULK,
    ActionError,
    action_approve,
    action_args_errors,
    action_decision_options,
    action_edit,
    action_reject,
    action_summaries,
    action_summary,
    action_undo,
    dispatch_deferred,
)
from assistant.errors import CodedError
from assistant.inputs import InputError, form_problems, whole_number
from assistant.models import Action, ApiToken, Feedback, Team, UserAgentSettings
from assistant.planning.services import PlanningError, action_revise
from assistant.teams.middleware import SESSION_TEAM_KEY
from assistant.teams.scoping import get_for_member
from assistant.teams.services import feedback_record
from assistant.teams.tokens import api_token_create, api_token_revoke
from assistant.tools.registry import tool_get
from contacts.models import Contact
from tasks.forms import AskForm


def _get_team_for_member(request: HttpRequest, pk: int) -> Team:
    return get_for_member(request, Team.objects.all(), pk=pk)


def dashboard_context(request: HttpRequest, ask_form: AskForm | None = None) -> dict[str, object]:
    """What the dashboard shows: the Ask box (with its errors, after a refused request) and
    the people of the current team."""
    members = []
    if request.team is not None:
        members = request.team.memberships.select_related("user").order_by("role", "user__email")
    return {"members": members, "ask_form": ask_form or AskForm()}


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "assistant/dashboard.html", dashboard_context(request))


@require_GET
@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _get_team_for_member(request, pk)
    members = team.memberships.select_related("user").order_by("role", "user__email")
    return render(request, "assistant/team_detail.html", {"team": team, "members": members})


@require_POST
@login_required
def team_switch(request: HttpRequest) -> HttpResponse:
    form = TeamSwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of your teams to switch to.")
        return redirect("dashboard")
    team = _get_team_for_member(request, form.cleaned_data["team"])
    request.session[SESSION_TEAM_KEY] = team.pk
    messages.success(request, f"You are now working in {team.name}.")
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(form.cleaned_data.get("next") or "dashboard")


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and people: 200 when the database and broker answer."""
    state = system_health()
    return JsonResponse(state.as_json(), status=200 if state.ok else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form or HTMX request without a valid CSRF token: 403, nothing changed, say so."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


# --- The approval queue ---------------------------------------------------------------------

QUEUE_DOWN = "Approved; it will go out as soon as the job queue is back."
QUICK_REJECT_REASONS = ["Wrong recipient", "Wrong time", "Wrong wording", "Not needed"]


def _get_action_for_member(request: HttpRequest, pk: int) -> Action:
    return get_for_member(
        request, Action.objects.select_related("team", "task", "requested_by", "contact"), pk=pk
    )


def _before(request: HttpRequest) -> int | None:
    """The page's cursor (``?before=<action id>``): None for the first page, and for a number
    past every id (everything is before it); ``InputError`` for anything but digits."""
    text = request.GET.get("before", "").strip()
    if not text or (text.isascii() and text.isdigit()):
        return whole_number(text)
    raise InputError("NOT_A_NUMBER", "The page's cursor is not a number.", details={
        "before": ["Give an action's number in digits 0 to 9, or leave it out."]
    })  # fmt: skip


def _queue_context(request: HttpRequest, *, whole_page: bool) -> dict[str, object]:
    """Everything the queue shows: filters, one page of cards, and (on the whole page) what
    is going out. The version is read first: a change made while the page is read shows at
    the next poll rather than never."""
    team = request.team
    version = queue_version(team=team)
    members = list(team.memberships.select_related("user").order_by("user__email"))
    waiting_for = Action.objects.filter(
        contact=OuterRef("pk"), status=Action.Status.PENDING_APPROVAL
    )  # a semi-join: each contact is probed once, however many actions wait
    contacts = list(
        Contact.objects.for_team(team)
        .filter(Exists(waiting_for))
        .order_by("name")
        .values_list("pk", "name")[:200]
    )
    form = QueueFilterForm(
        request.GET or None,
        requesters=[(m.user_id, m.user.display_name) for m in members],
        contacts=contacts,
    )
    filters = form.filters() if request.GET else ActionFilters()
    before = _before(request)
    rows, following = approval_queue(team=team, filters=filters, before=before)
    going = actions_going_out(team=team) if whole_page else []
    viewer = next((m for m in members if m.user_id == request.user.pk), None)
    cards = action_cards(
        actions=rows + going, admins=[m for m in members if m.is_admin], viewer=viewer
    )
    query = {k: v for k, v in request.GET.items() if k in form.fields and v}
    return {
        "form": form,
        "cards": cards[: len(rows)],
        "going": cards[len(rows) :],
        "following": following,
        "filtered": bool(query),
        "query": urlencode(query),
        "poll_query": urlencode({**query, "before": before} if before is not None else query),
        "next_query": urlencode({**query, "before": following}) if following else "",
        "version": version,
        "quick_reasons": QUICK_REJECT_REASONS,
        "now": timezone.now(),
    }


@require_GET
@login_required
@vary_on_headers("HX-Request")
def approvals(request: HttpRequest) -> HttpResponse:
    """The queue. HTMX polls it with the version it last saw: 204 when nothing changed."""
    if request.team is None:
        return render(request, "assistant/approvals.html", {"cards": [], "going": []})
    since = request.GET.get("since")
    if request.htmx and since and since == queue_version(team=request.team):
        return HttpResponse(status=204)
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "assistant/approvals.html" + ("#queue" if partial else "")
    return render(request, template, _queue_context(request, whole_page=not partial))


@require_GET
@login_required
def approvals_count(request: HttpRequest) -> HttpResponse:
    """The navigation's live count of what waits (for HTMX; a browser is sent to the queue)."""
    if not request.htmx:
        return redirect("approvals")
    return render(request, "assistant/_pending_count.html")


def _card_answer(
    request: HttpRequest,
    action: Action,
    *,
    error: CodedError | str = "",
    from_queue: bool = False,
    replacing: int | None = None,
) -> HttpResponse:
    """The action's card as it is now (HTMX). A decided card goes to "Going out and just
    decided" and leaves the waiting list (``from_queue``); one still waiting (a decision
    refused, a revision) takes the place of the card it came from (``replacing``)."""
    members = list(action.team.memberships.select_related("user"))
    viewer = next((m for m in members if m.user_id == request.user.pk), None)
    (card,) = action_cards(
        actions=[action], admins=[m for m in members if m.is_admin], viewer=viewer
    )
    waiting = action.status == Action.Status.PENDING_APPROVAL
    context = {
        "card": card, "error": error, "quick_reasons": QUICK_REJECT_REASONS,
        "now": timezone.now(), "remove_waiting": from_queue and not waiting,
    }  # fmt: skip
    response = render(request, "assistant/approvals.html#card", context)
    if waiting:
        response = reswap(retarget(response, f"#action-{replacing or action.pk}"), "outerHTML")
    return response


def _decided(
    request: HttpRequest, action: Action, done: str, call: Callable[[], object]
) -> HttpResponse:
    from_queue = action.status == Action.Status.PENDING_APPROVAL
    try:
        call()
    except ActionError as error:
        if request.htmx:
            action.refresh_from_db()
            return _card_answer(request, action, error=error, from_queue=from_queue)
        messages.error(request, error.message)
    else:
        if dispatch_deferred(action):  # committed; the sweeper sends it when the queue is back
            messages.warning(request, QUEUE_DOWN)
        if request.htmx:
            action.refresh_from_db()
            return _card_answer(request, action, from_queue=from_queue)
        if not dispatch_deferred(action):
            messages.success(request, done)
    return redirect("approvals")


@require_POST
@login_required
def action_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_member(request, pk)
    digest = request.POST.get("digest", "")
    return _decided(
        request, action, "Approved: it will run in a moment.",
        lambda: action_approve(action=action, user=request.user, via="web", digest=digest),
    )  # fmt: skip


@require_POST
@login_required
def action_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_member(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():  # a reason too long is refused, not dropped: nothing is rejected
        raise InputError("TOO_LONG", "Nothing was rejected.", details=form_problems(form))
    reason = request.POST.get("quick", "").strip()[:500] or form.cleaned_data["reason"]
    return _decided(
        request, action, "Rejected: nothing was sent.",
        lambda: action_reject(action=action, user=request.user, via="web", reason=reason),
    )  # fmt: skip


@require_POST
@login_required
def action_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_member(request, pk)
    return _decided(
        request, action, "Undone: nothing was sent.",
        lambda: action_undo(action=action, user=request.user, via="web"),
    )  # fmt: skip


@require_GET
@login_required
def action_card_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One action's card (HTMX); a browser is sent to the request the action belongs to."""
    action = _get_action_for_member(request, pk)
    if not request.htmx:
        return redirect("tasks:detail", pk=action.task_id)
    return _card_answer(request, action)


@require_POST
@login_required
def approvals_bulk(request: HttpRequest) -> HttpResponse:
    """Approve or reject the ticked actions, each decided and audited on its own.

    Critical actions are never approved in bulk: they are left waiting, and the message
    says so.
    """
    form = BulkDecisionForm(request.POST)
    if form.has_error("selected", "malformed"):  # no queue page sends these: refuse them
        raise InputError("NOT_A_NUMBER", "Nothing was decided.", details=form_problems(form))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("approvals")
    approve = form.cleaned_data["decision"] == "approve"
    done, skipped, deferred, problems = 0, 0, 0, []
    for pk, digest in form.pairs():
        action = Action.objects.for_team(request.team).filter(pk=pk).first()
        if action is None:
            continue
        options = action_decision_options(action=action, user=request.user, via="bulk")
        if approve and options.refused.get("approve") == CRITICAL_IN_BULK:
            skipped += 1
            continue
        try:
            options.check("approve" if approve else "reject")
            if approve:
                action_approve(action=action, user=request.user, via="web", digest=digest)
                deferred += dispatch_deferred(action)
            else:
                reason = form.cleaned_data["reason"]
                action_reject(action=action, user=request.user, via="web", reason=reason)
            done += 1
        except ActionError as error:
            problems.append(f"#{pk}: {error.message}")
    verb = "Approved" if approve else "Rejected"
    if done:
        messages.success(request, f"{verb} {done} action{pluralize(done)}.")
    if deferred:
        messages.warning(
            request,
            f"The job queue is down: {deferred} approved action{pluralize(deferred)} will go "
            "out as soon as it is back.",
        )
    if skipped:
        messages.warning(
            request,
            f"{skipped} critical action{pluralize(skipped)} left waiting: critical actions are "
            "approved one at a time.",
        )
    for problem in problems:
        messages.error(request, problem)
    return redirect(f"{reverse('approvals')}?{request.POST.get('query', '')}".rstrip("?"))


@require_POST
@login_required
def action_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for changes in words; the planner's revision replaces the action's card."""
    action = _get_action_for_member(request, pk)
    feedback = request.POST.get("feedback", "")
    problem, revised = "", action
    try:
        revised = action_revise(action=action, user=request.user, via="web", feedback=feedback)
    except ValidationError as error:
        problem = " ".join(error.message_dict.get("feedback", error.messages))
    except (PlanningError, ActionError) as error:
        problem = f"Nothing changed: {error.message}"
    if not problem:
        messages.success(request, f"Revised: {action_summary(action=revised)}")
    if request.htmx:  # the card shows a problem itself; a toast says what changed
        revised.refresh_from_db()
        return _card_answer(request, revised, error=problem, replacing=action.pk)
    if problem:
        messages.error(request, problem)
    return redirect("approvals")


@require_http_methods(["GET", "POST"])
@login_required
def action_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_member(request, pk)
    tool = tool_get(action.tool)
    if tool is None or action.status != Action.Status.PENDING_APPROVAL:
        messages.error(request, "Only an action waiting for approval can be edited.")
        return redirect("approvals")
    names = contact_names(team=action.team, values=action.args.values())
    form = ActionEditForm(
        request.POST or None, tool=tool, initial_args=action.args, contact_names=names
    )
    if request.method == "POST" and form.is_valid():
        args = form.args()
        errors = action_args_errors(team=request.team, tool_name=action.tool, args=args)
        if errors:
            form.apply_errors(errors)
        else:
            try:
                edited = action_edit(action=action, user=request.user, via="web", args=args)
            except ActionError as error:
                messages.error(request, error.message)
                return redirect("approvals")
            messages.success(request, f"Saved your changes: {action_summary(action=edited)}")
            return redirect("approvals")
    context = {"action": action, "form": form, "summary": action_summary(action=action)}
    status = 422 if form.is_bound else 200  # refused: the form again, with what to change
    return render(request, "assistant/action_edit.html", context, status=status)


def _settings_page(
    request: HttpRequest, form: AgentSettingsForm, *, new_token: str = "", status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.filter(team=request.team, user=request.user).order_by("-created_at")
    context = {"form": form, "tokens": tokens, "token_form": ApiTokenForm(), "new_token": new_token}
    return render(request, "assistant/agent_settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def agent_settings(request: HttpRequest) -> HttpResponse:
    if request.team is None:
        return redirect("dashboard")
    mine, _ = UserAgentSettings.objects.get_or_create(membership=request.membership)
    form = AgentSettingsForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved your settings.")
        return redirect("agent_settings")
    return _settings_page(request, form)


@require_POST
@login_required
def api_token_create_view(request: HttpRequest) -> HttpResponse:
    """Create a token and show it once, in this response only (never in a message or log)."""
    if request.team is None:
        return redirect("dashboard")
    mine, _ = UserAgentSettings.objects.get_or_create(membership=request.membership)
    token_form = ApiTokenForm(request.POST)
    if not token_form.is_valid():
        messages.error(request, "Give the token a name, such as the script that will use it.")
        return redirect("agent_settings")
    _, plaintext = api_token_create(
        team=request.team, user=request.user, name=token_form.cleaned_data["name"]
    )
    return _settings_page(request, AgentSettingsForm(instance=mine), new_token=plaintext)


@require_POST
@login_required
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, team=request.team, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, f"Revoked the token {token.name}.")
    return redirect("agent_settings")


# --- History --------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "id", "created_at", "task_id", "task__text", "task__source", "requested_by__email", "tool",
    "args", "status", "decision", "risk", "reasons", "confidence", "contact__name", "result",
    "error_code", "error_message", "finished_at",
]  # fmt: skip


def _history_form(request: HttpRequest) -> HistoryFilterForm:
    team = request.team
    members = team.memberships.select_related("user").order_by("user__email")
    contacts = Contact.objects.for_team(team).order_by("name").values_list("pk", "name")[:500]
    return HistoryFilterForm(
        request.GET or None,
        requesters=[(m.user_id, m.user.display_name) for m in members],
        contacts=list(contacts),
    )


@require_GET
@login_required
@vary_on_headers("HX-Request")
def history(request: HttpRequest) -> HttpResponse:
    """Every action of the team, filtered and searched, newest first, a page at a time."""
    if request.team is None:
        return render(request, "assistant/history.html", {"rows": []})
    form = _history_form(request)
    before = _before(request)
    actions, following = history_page(team=request.team, filters=form.filters(), before=before)
    summaries = action_summaries(actions=actions)
    mine = dict(
        Feedback.objects.filter(action__in=actions, user=request.user).values_list(
            "action_id", "rating"
        )
    )
    query = {k: v for k, v in request.GET.items() if k in form.fields and v}
    context = {
        "form": form,
        "rows": [(a, summaries[a.pk], mine.get(a.pk)) for a in actions],
        "query": urlencode(query),
        "poll_query": urlencode({**query, "before": before} if before is not None else query),
        "next_query": urlencode({**query, "before": following}) if following else "",
        "filtered": bool(query),
    }
    template = "assistant/history.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


@require_GET
@login_required
def history_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered history as CSV or JSON, streamed row by row from the database."""
    if request.team is None:
        return redirect("history")
    form = _history_form(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Fix the filters before exporting.")
        return redirect(f"{reverse('history')}?{request.GET.urlencode()}")
    rows = (
        history_actions(team=request.team, filters=form.filters())
        .values(*EXPORT_COLUMNS)
        .iterator(chunk_size=2000)
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(export_csv(rows, EXPORT_COLUMNS), content_type="text/csv")
    else:
        response = StreamingHttpResponse(export_json(rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="consigliere-history-{stamp}.{fmt}"'
    return response


@require_POST
@login_required
def action_feedback_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_member(request, pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose thumbs up or thumbs down.")
    else:
        try:
            feedback_record(
                action=action, user=request.user, rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )  # fmt: skip
        except CodedError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Thanks: your feedback is recorded.")
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("history")


@require_GET
@login_required
def insights(request: HttpRequest) -> HttpResponse:
    """What the team's decisions say, for its admins: rates, reasons, time to decide."""
    if request.team is None or request.membership is None or not request.membership.is_admin:
        return render(
            request, "403.html",
            {"message": "Only the team's owners and admins see its decision analytics."},
            status=403,
        )  # fmt: skip
    return render(
        request, "assistant/insights.html", {"insights": approval_insights(team=request.team)}
    )
