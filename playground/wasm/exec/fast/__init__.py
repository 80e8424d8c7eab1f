"""The translating engine (issue: fast engine). Not built yet: it will register itself in
exec/interface.py's engine registry beside the steppable engine."""
