"""Managers' survey links: create one or a batch per commune, see the funnel, QR, revoke."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.common.forms import ConfirmForm
from app.common.timezones import end_of_day
from app.extensions import db
from app.permissions import role_required
from app.responses.links import (
    LinkError,
    create_commune_links,
    create_event_links,
    create_link,
    public_url,
    qr_png,
    qr_svg,
    revoke_link,
)
from app.responses.queries import get_link, list_links
from app.surveys import bp
from app.surveys.links_forms import EVENT_LABELS, BatchForm, LinkForm
from app.surveys.views.common import survey_or_404
from app.units.queries import get_unit, list_communes


def _forms():
    communes = list_communes()
    single = LinkForm(prefix="one")
    single.commune_id.choices = [SelectChoice(0, _("Không gắn với xã, phường"))] + [
        SelectChoice(c.id, c.name) for c in communes
    ]
    return single, BatchForm(prefix="batch"), communes


@bp.route("/<int:survey_id>/links", methods=["GET", "POST"])
@role_required("manager")
def links(survey_id: int):
    """The survey's links with visits, starts and completes; forms to add more."""
    survey = survey_or_404(survey_id)
    single, batch, communes = _forms()
    if request.method == "POST" and "one-submit" in request.form and single.validate():
        try:
            link = create_link(
                survey, label=single.label.data or "", commune=get_unit(single.commune_id.data),
                channel=single.channel.data, event=single.event.data or None,
                expires_at=end_of_day(single.expires_on.data), budget=single.budget.data,
                actor=current_user,
            )  # fmt: skip
        except LinkError as exc:
            single.label.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã tạo đường dẫn: %(url)s", url=public_url(link)), "success")
            return redirect(url_for("surveys.links", survey_id=survey.id), code=303)
    if request.method == "POST" and "batch-submit" in request.form and batch.validate():
        events = batch.scope.data == "events"
        chosen = True if events else _chosen_communes(batch, communes)
        if chosen:
            try:
                made = (
                    create_event_links(
                        survey, {k: v for k, v in EVENT_LABELS.items() if k}, actor=current_user
                    )
                    if events
                    else create_commune_links(
                        survey, chosen, channel=batch.channel.data, actor=current_user
                    )
                )
            except LinkError as exc:
                batch.scope.errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Đã tạo %(n)s đường dẫn.", n=len(made)), "success")
                return redirect(url_for("surveys.links", survey_id=survey.id), code=303)
    return render_template("surveys/links.html", survey=survey, links=list_links(survey.id),
                           single=single, batch=batch, public_url=public_url)  # fmt: skip


def _chosen_communes(batch: BatchForm, communes: list) -> list:
    """The communes a batch form names; unknown codes become a field error."""
    scope = batch.scope.data
    if scope == "all":
        return communes
    if scope in {"quang_ngai", "kon_tum"}:
        return [c for c in communes if c.former_province == scope]
    codes = [c.strip() for c in (batch.codes.data or "").replace(",", "\n").split() if c.strip()]
    by_code = {c.code: c for c in communes}
    unknown = [c for c in codes if c not in by_code]
    if unknown or not codes:
        message = _("Không có xã, phường mã: %(codes)s", codes=", ".join(unknown[:10]))
        batch.codes.errors.append(message if unknown else _("Nhập ít nhất một mã xã, phường"))
        return []
    return [by_code[c] for c in dict.fromkeys(codes)]


@bp.route("/<int:survey_id>/links/<int:link_id>/qr.<any(svg, png):fmt>")
@role_required("manager")
def link_qr(survey_id: int, link_id: int, fmt: str):
    """The link's QR code to download, as SVG (for print) or PNG."""
    link = get_link(survey_id, link_id) or abort(404)
    url = public_url(link)
    name = f"qr-{link.id}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "svg":
        return Response(qr_svg(url), mimetype="image/svg+xml", headers=headers)
    return Response(qr_png(url), mimetype="image/png", headers=headers)


@bp.route("/<int:survey_id>/links/<int:link_id>/revoke", methods=["GET", "POST"])
@role_required("manager")
def revoke(survey_id: int, link_id: int):
    """Confirm, then stop a link taking new responses."""
    survey = survey_or_404(survey_id)
    link = get_link(survey_id, link_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        revoke_link(link, actor=current_user)
        db.session.commit()
        flash(_("Đã thu hồi đường dẫn."), "success")
        return redirect(url_for("surveys.links", survey_id=survey.id), code=303)
    return render_template("surveys/revoke.html", form=form, survey=survey, link=link,
                           url=public_url(link))  # fmt: skip


@bp.route("/<int:survey_id>/posters.pdf")
@role_required("manager")
def posters(survey_id: int):
    """A4 posters, one per active public link of the survey, as one PDF to print."""
    from app.reports.posters import poster_pdf

    survey = survey_or_404(survey_id)
    chosen = [
        link for link in list_links(survey.id) if link.kind == "public" and not link.revoked_at
    ]
    if not chosen:
        flash(_("Chưa có đường dẫn công khai nào để in tờ áp phích."), "error")
        return redirect(url_for("surveys.links", survey_id=survey.id), code=303)
    pdf = poster_pdf(survey, list(reversed(chosen)))
    disposition = f'attachment; filename="to-ap-phich-{survey.slug}.pdf"'
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": disposition})
