"""Unbound extension objects, bound to an app in create_app()."""

from flask_alembic import Alembic
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_smorest import Api
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

from .models import Base

# expire_on_commit=False: services return objects that views dump after the commit.
db = SQLAlchemy(session_options={"expire_on_commit": False})
alembic = Alembic(metadatas=Base.metadata, run_mkdir=False)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
api = Api()
