"""IPython magics: a pure argument grammar and a Magics class that only routes."""
