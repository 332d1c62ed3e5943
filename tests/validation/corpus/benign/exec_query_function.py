# expect: none
import sqlite3


def exec_query(conn: sqlite3.Connection, sql: str) -> list[tuple[int, str]]:
    return conn.execute(sql).fetchall()


conn = sqlite3.connect(":memory:")
conn.execute("create table t (id integer, name text)")
print(exec_query(conn, "select * from t"))
