"""Creates Superset's `admin` user, or resets its password when it differs from SUPERSET_ADMIN_PASSWORD.

Run with Superset's Python after `superset db upgrade` and `superset init` (bin/stack and docker-compose.yml
do). The password is read from the environment, so it never appears in a process's arguments.
"""
import os

from superset.app import create_app
from werkzeug.security import check_password_hash

app = create_app()
with app.app_context():
    sm = app.appbuilder.sm
    password = os.environ.get("SUPERSET_ADMIN_PASSWORD")
    if not password:
        raise SystemExit("SUPERSET_ADMIN_PASSWORD is not set")
    user = sm.find_user(username="admin")
    if user is None:
        if not sm.add_user("admin", "Admin", "Indicate", "admin@indicate.invalid", sm.find_role("Admin"), password=password):
            raise SystemExit("could not create the admin user")
        print("admin user created")
    elif not check_password_hash(user.password, password):
        sm.reset_password(user.id, password)
        print("admin password updated")
    else:
        print("admin user unchanged")
