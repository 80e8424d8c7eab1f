"""The steppable engine: one instruction at a time, every state write through `StateOps`."""
