from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import current_user, login_required
from api.pagination import PAGE_ARGS, page_of
from api.schemas.institutions import (
    InstitutionPatchSchema,
    InstitutionQuerySchema,
    InstitutionSchema,
)
from inspect_app.services import institutions as institution_service

blp = Blueprint("institutions", __name__, description="养老机构 / Institutions")

ID = "<int(min=1, max=2147483647):institution_id>"


@blp.route("/institutions", methods=["POST"])
@blp.arguments(InstitutionSchema)
@blp.response(201, InstitutionSchema)
@login_required("bureau")
def create_institution(data):
    """登记机构 / Register an institution."""
    return institution_service.create_institution(data)


@blp.route("/institutions", methods=["GET"])
@blp.arguments(InstitutionQuerySchema, location="query")
@blp.response(200, InstitutionSchema(many=True))
@blp.paginate(**PAGE_ARGS)
@login_required()
def list_institutions(query, pagination_parameters):
    """机构列表（管理员只见本机构）/ List institutions (a manager sees only its own)."""
    select_ = institution_service.visible_institutions(current_user(), **query)
    return page_of(select_, pagination_parameters)


@blp.route(f"/institutions/{ID}", methods=["GET"])
@blp.response(200, InstitutionSchema)
@login_required()
def get_institution(institution_id):
    """机构详情 / One institution."""
    return institution_service.get_visible_institution(current_user(), institution_id)


@blp.route(f"/institutions/{ID}", methods=["PATCH"])
@blp.arguments(InstitutionPatchSchema)
@blp.response(200, InstitutionSchema)
@login_required("bureau")
def patch_institution(changes, institution_id):
    """修改机构信息 / Change an institution."""
    institution = institution_service.get_visible_institution(current_user(), institution_id)
    return institution_service.update_institution(institution, changes)
