from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import AwareDateTime, StrictSchema
from api.schemas.users import UserSchema


class LoginSchema(StrictSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256))


class TokenSchema(StrictSchema):
    token = fields.String(required=True)
    expires_at = AwareDateTime(required=True)
    user = fields.Nested(UserSchema, required=True)
