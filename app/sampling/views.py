"""Managers' sample designer: the list of designs, a new design (drawn at once), a design,
its respondent codes and the enumerators' assignment sheets."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from app.audit.services import record
from app.extensions import db
from app.permissions import role_required
from app.sampling import bp, presenting
from app.sampling.codes import create_codes
from app.sampling.design import DesignInputError
from app.sampling.forms import DesignForm
from app.sampling.models import ALLOCATIONS, STRATIFICATIONS
from app.sampling.progress import commune_progress, stratum_progress
from app.sampling.queries import (
    count_codes,
    get_design,
    list_assignments,
    list_citizen_surveys,
    list_designs,
    stratum_summary,
)
from app.sampling.services import SamplingError, create_design, size_of
from app.sampling.strata import stratum_label
from app.surveys.queries import get_survey

# allocate() speaks of a minimum per stratum; the form asks for it in communes.
FORM_FIELDS = {"minimum": "min_communes"}


@bp.route("/")
@role_required("manager")
def index():
    """Every sample design, newest first."""
    return render_template("sampling/index.html", rows=list_designs())


@bp.route("/new", methods=["GET", "POST"])
@role_required("manager")
def create():
    """Choose the parameters; the design is computed, drawn and stored in one transaction."""
    form = DesignForm()
    form.survey_id.choices = [SelectChoice(s.id, s.title) for s in list_citizen_surveys()]
    if form.validate_on_submit():
        try:
            design = create_design(get_survey(form.survey_id.data), form.parameters(),
                                   name=form.name.data.strip(), seed=form.seed.data,
                                   actor=current_user)  # fmt: skip
        except DesignInputError as exc:
            _show_error(form, exc.field, str(exc))
        except SamplingError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã chọn mẫu. Số khởi tạo ngẫu nhiên %(seed)s được lưu cùng thiết kế.",
                    seed=design.seed), "success")  # fmt: skip
            return redirect(url_for("sampling.detail", design_id=design.id), code=303)
    return render_template("sampling/new.html", form=form)


def _show_error(form, field: str, message: str) -> None:
    name = FORM_FIELDS.get(field, field)
    if name in form:
        form[name].errors = [*form[name].errors, message]
    else:
        form.form_errors.append(message)


@bp.route("/<int:design_id>")
@role_required("manager")
def detail(design_id: int):
    """A design: its arithmetic, strata, the communes drawn, and who drew it when."""
    design = get_design(design_id) or abort(404)
    return render_template(
        "sampling/detail.html",
        design=design,
        arithmetic=presenting.arithmetic(size_of(design)),
        strata=stratum_summary(design.id),
        assignments=list_assignments(design.id),
        codes=count_codes(design.id),
        communes=commune_progress(design.id),
        progress=stratum_progress(design.id),
        stratum_label=stratum_label,
        fmt=presenting,
        allocations=ALLOCATIONS,
        stratifications=STRATIFICATIONS,
    )


@bp.route("/<int:design_id>/codes", methods=["POST"])
@role_required("manager")
def codes(design_id: int):
    """Make the respondent codes each drawn commune still lacks (never twice)."""
    design = get_design(design_id) or abort(404)
    try:
        made = len(create_codes(design, actor=current_user))
        db.session.commit()
    except SamplingError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("sampling.detail", design_id=design_id), code=303)
    except IntegrityError:
        # Another request made the same codes at the same moment (SQLite has no row lock).
        db.session.rollback()
        made = 0
    if made:
        flash(ngettext("Đã tạo %(num)s mã người trả lời.", "Đã tạo %(num)s mã người trả lời.",
                       made), "success")  # fmt: skip
    else:
        flash(_("Mọi xã, phường của thiết kế đã có đủ mã người trả lời; không tạo thêm."),
              "success")  # fmt: skip
    return redirect(url_for("sampling.detail", design_id=design_id, _anchor="codes"), code=303)


@bp.route("/<int:design_id>/sheets.pdf")
@role_required("manager")
def sheets(design_id: int):
    """The enumerators' assignment sheets as one A4 PDF; every download is audited."""
    from app.sampling.sheets import sheets_pdf

    design = get_design(design_id) or abort(404)
    if not count_codes(design.id):
        flash(_("Hãy tạo mã người trả lời trước khi in phiếu phân công."), "error")
        return redirect(url_for("sampling.detail", design_id=design.id), code=303)
    pdf = sheets_pdf(design)
    record(current_user, "sampling.sheets", design, survey=design.survey.slug)
    db.session.commit()
    disposition = f'attachment; filename="phieu-phan-cong-mau-{design.id}.pdf"'
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": disposition})
