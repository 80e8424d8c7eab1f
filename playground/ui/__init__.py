"""The Qt desktop playground. Views render snapshots and send commands; no engine logic here."""
