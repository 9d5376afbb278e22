from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest.pagination import PaginationParameters

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.pagination import PAGE_ARGS, page_of
from api.schemas.institutions import (
    InstitutionPatchSchema,
    InstitutionQuerySchema,
    InstitutionSchema,
)
from inspect_app.institutions import directory
from inspect_app.institutions.directory import InstitutionChanges, InstitutionInput

blp = Blueprint("institutions", __name__, description="养老机构 / Institutions")

ID = "<int(min=1, max=2147483647):institution_id>"


@blp.route("/institutions", methods=["POST"])
@blp.arguments(InstitutionSchema)
@blp.response(201, InstitutionSchema)
@blp.answers(409)
def create_institution(data: InstitutionInput) -> ViewResult:
    """登记机构 / Register an institution."""
    return directory.create_institution(current_user(), data)


@blp.route("/institutions", methods=["GET"])
@blp.arguments(InstitutionQuerySchema, location="query")
@blp.response(200, InstitutionSchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_institutions(
    query: dict[str, Any], pagination_parameters: PaginationParameters
) -> ViewResult:
    """机构列表（管理员只见本机构）/ List institutions (a manager sees only its own)."""
    select_ = directory.visible_institutions(current_user(), **query)
    return page_of(select_, pagination_parameters)


@blp.route(f"/institutions/{ID}")
class Institution(MethodView):
    # One rule for GET and PATCH: with two rules on this path, an id that the bounded
    # converter refuses (0, 2**31) answered PATCH with 405 instead of 404.

    @blp.response(200, InstitutionSchema)
    def get(self, institution_id: int) -> ViewResult:
        """机构详情 / One institution."""
        return directory.get_visible_institution(current_user(), institution_id)

    @blp.arguments(InstitutionPatchSchema)
    @blp.response(200, InstitutionSchema)
    @blp.answers(409)
    def patch(self, changes: InstitutionChanges, institution_id: int) -> ViewResult:
        """修改机构信息（只改所给字段）/ Change an institution (only the fields given)."""
        return directory.update_institution(current_user(), institution_id, changes)
