# expect: process-control
import os
import signal

os.kill(os.getppid(), signal.SIGTERM)  # unsafe
