"""Creates what the Indicate DAGs need in Airflow's database, leaving whatever is already there as it is.

Run by tools/stack/airflow.sh with the stack's Python and environment, after `airflow db migrate`:
- the pools `indicate_warehouse` (one indicate step at a time on the Delta tables) and `indicate_digest` (one digest
  at a time), each with one slot;
- every Variable and Connection of dags/README.md that does not exist yet, pointing at the demo (./demo/).
A value set since (in the UI, with `airflow variables set`, through the REST API) is never overwritten, and
AIRFLOW_VAR_* / AIRFLOW_CONN_* environment variables win over these anyway, as in a production deployment.
Prints what it created, never a password.
"""
import json
import sys

from sqlalchemy import select

from airflow.models import Connection, Pool, Variable
from airflow.utils.session import create_session

POOLS = {
    "indicate_warehouse": "one indicate step at a time on the Delta tables",
    "indicate_digest": "one indicate digest at a time",
}


def main(defaults_file):
    with open(defaults_file, encoding="utf-8") as f:
        defaults = json.load(f)
    created = []
    with create_session() as session:
        for pool, description in POOLS.items():
            if session.scalar(select(Pool).where(Pool.pool == pool)) is None:
                session.add(Pool(pool=pool, slots=1, description=description, include_deferred=False))
                created.append("pool " + pool)
        for key, value in defaults["variables"].items():
            if session.scalar(select(Variable).where(Variable.key == key)) is None:
                session.add(Variable(key=key, val=value))
                created.append("variable " + key)
        for conn_id, fields in defaults["connections"].items():
            if session.scalar(select(Connection).where(Connection.conn_id == conn_id)) is None:
                session.add(Connection(conn_id=conn_id, **fields))
                created.append("connection " + conn_id)
    if created:
        print("airflow: created " + ", ".join(created))


if __name__ == "__main__":
    main(sys.argv[1])
