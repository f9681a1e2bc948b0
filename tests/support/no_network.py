"""Kernel start-up file used by the notebook tests: any network connection raises.

Proves that nothing in the course is fetched at run time.
"""

import socket


class NetworkBlockedError(OSError):
    pass


def _blocked(*args, **kwargs):
    raise NetworkBlockedError("network access is blocked in the course tests")


socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
