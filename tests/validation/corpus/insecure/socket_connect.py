# expect: network
import socket

conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # unsafe
conn.connect(("db.internal", 5432))
conn.close()
