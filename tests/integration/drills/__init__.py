"""Drills: the real worker, database and broker, with one of them failing on purpose."""
