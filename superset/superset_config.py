"""Superset configuration for the Indicate dashboards.

Loaded by Superset through SUPERSET_CONFIG_PATH (docker-compose.yml mounts this file). Secrets come from
the environment, never from this file.
"""
import os


def _secret(name):
    """A secret from the environment variable `name`, else from the file named by `name`_FILE (mode 0600)."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(name + "_FILE")
    if path:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    raise RuntimeError(f"set {name} or {name}_FILE (Superset refuses to start without a secret key)")


# Signs session cookies and encrypts the database passwords Superset stores: required, and the same on
# every Superset process of one installation. bin/stack generates one into .stack/superset/secret_key.
SECRET_KEY = _secret("SUPERSET_SECRET_KEY")

# Superset's own metadata (users, roles, dashboards): SQLite under .stack/superset with bin/stack; the
# PostgreSQL of docker-compose.yml (or your own) in production.
if os.environ.get("SUPERSET_METADATA_DB_URI"):
    SQLALCHEMY_DATABASE_URI = os.environ["SUPERSET_METADATA_DB_URI"]
else:
    SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://superset:{pw}@superset-db:5432/superset".format(
        pw=_secret("SUPERSET_METADATA_DB_PASSWORD"))

FEATURE_FLAGS = {
    # Row-level-security clauses use {{ current_username() }} (io.indicate.security.AccessRules): without
    # template processing Superset would send the braces to PostgreSQL and every filtered query would fail.
    "ENABLE_TEMPLATE_PROCESSING": True,
    # A dashboard is listed only to the role `indicate superset sync` gives it (My performance: Agent, Team:
    # TeamLead, Organisation: Management); dataset access and row-level security still apply on top.
    "DASHBOARD_RBAC": True,
}

# Flask-AppBuilder's REST API for roles, permissions and users: `indicate superset sync` creates the roles
# Agent / TeamLead / Management and the users of the roster through it.
FAB_ADD_SECURITY_API = True

# Nobody gets anything without a role the provisioner gave them.
PUBLIC_ROLE_LIKE = None
AUTH_USER_REGISTRATION = False

# The serving database is read through a read-only user; SQL Lab (Management only) may not change it.
PREVENT_UNSAFE_DB_CONNECTIONS = True
SQLLAB_CTAS_NO_LIMIT = False

# Dashboards show "today" in the contact centre's local time: the marts hold local dates and interval starts, and
# Superset reads "today" from the process's clock, so the process runs in the centre's time zone (TZ, set by
# tools/stack/superset.sh and docker-compose.yml from INDICATE_TIMEZONE); no conversion happens here.
DEFAULT_TIME_FILTER = "Last week"

# --- Single sign-on (optional) -----------------------------------------------------------------------------
# With database authentication, `indicate superset sync` creates each roster person as a user and assigns
# the role. With SSO (OAuth / OIDC or LDAP), users are created at first login instead; map the identity
# provider's groups to the same three roles so that the row-level-security rules still apply, and keep the
# Superset user name equal to the roster `login` (the rules compare against it). Example for Azure AD /
# Entra ID or Keycloak groups:
#
#   from flask_appbuilder.security.manager import AUTH_OAUTH
#   AUTH_TYPE = AUTH_OAUTH
#   OAUTH_PROVIDERS = [...]               # provider, client id; the secret from os.environ
#   AUTH_USER_REGISTRATION = True
#   AUTH_USER_REGISTRATION_ROLE = None    # no role until a group maps to one
#   AUTH_ROLES_MAPPING = {
#       "cs-agents": ["Agent"],
#       "cs-team-leads": ["TeamLead"],
#       "cs-management": ["Management"],
#   }
#   AUTH_ROLES_SYNC_AT_LOGIN = True       # a move to another role in the directory takes effect at next login
#
# The roles and their permissions are still created by `indicate superset sync`; only the users come from
# the identity provider then (the sync still creates or updates roster users, which SSO logins reuse by
# user name).

# --- No SQL door around row-level security ------------------------------------------------------------------
# Agents and leads may write custom SQL metrics, columns and filters in Explore; RLS filters only the outer
# query. Sub-queries in custom SQL stay refused (Superset's ALLOW_ADHOC_SUBQUERY, off by default, is not turned
# on here), and these functions, which run SQL of their own or reveal the server, are refused in SQL Lab
# (Superset 6.1's default list plus the *_to_xml family it misses, e.g. schema_to_xml). Superset 6.1 checks
# this list in SQL Lab only, so the serving database's reader is also denied EXECUTE on the *_to_xml family
# (ServingDatabase.createReader; README.md shows the statements for your own server).
_PG_XML_FUNCTIONS = {
    f"{kind}_to_xml{suffix}"
    for kind in ("query", "table", "schema", "database", "cursor")
    for suffix in ("", "schema", "_and_xmlschema")
}
DISALLOWED_SQL_FUNCTIONS = {
    "postgresql": {
        "current_database", "current_schema", "current_user", "session_user", "current_setting", "version",
        "inet_client_addr", "inet_client_port", "inet_server_addr", "inet_server_port",
        "pg_read_file", "pg_ls_dir", "pg_read_binary_file", "pg_stat_file", "lo_import", "lo_export",
        "pg_sleep", "pg_terminate_backend", "pg_cancel_backend", "dblink", "dblink_exec",
    } | _PG_XML_FUNCTIONS,
}
