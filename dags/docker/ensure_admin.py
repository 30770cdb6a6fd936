"""Creates Airflow's admin user (FAB auth manager), or resets its password when it differs from
AIRFLOW_ADMIN_PASSWORD.

Run by dags/docker-compose.yml's airflow-init after `airflow db migrate`, in place of the image's own user
creation, which passes the password as an argument of `airflow users create`, where every process of the
container (and `ps` on the host) can read it. Here the password is read from the environment only.
"""
import os

from airflow.providers.fab.auth_manager.cli_commands.utils import get_application_builder
from werkzeug.security import check_password_hash


def main():
    username = os.environ.get("AIRFLOW_ADMIN_USER") or "airflow"
    password = os.environ.get("AIRFLOW_ADMIN_PASSWORD")
    if not password:
        raise SystemExit("AIRFLOW_ADMIN_PASSWORD is not set")
    with get_application_builder() as appbuilder:
        sm = appbuilder.sm
        user = sm.find_user(username=username)
        if user is None:
            if not sm.add_user(username, "Airflow", "Admin", username + "@indicate.invalid", sm.find_role("Admin"), password):
                raise SystemExit("could not create the admin user " + username)
            print("admin user " + username + " created")
        elif not check_password_hash(user.password, password):
            sm.reset_password(user.id, password)
            print("admin password of " + username + " updated")
        else:
            print("admin user " + username + " unchanged")


if __name__ == "__main__":
    main()
