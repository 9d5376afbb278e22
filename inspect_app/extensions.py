"""Extensions, created unbound and bound to the app in ``create_app``."""

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from inspect_app.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
