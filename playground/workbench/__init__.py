"""The window's logic without Qt: programs and their checking, autosave, samples, the session
controller and its requests, instruction maps, evaluation overlays, addresses. Tested without Qt."""
