"""One simulated student, in a process of its own: answer as the plan says, then hand in.

Usage: ``python simulate_student.py PLAN.json``. The plan is
``{"answers": [[question_id, answer], ...], "export": path, "student": name or null}``;
the student's saved progress goes to ``$COURSE_LIB_HOME``. Prints one JSON line: the
status of every check and the hand-in's path.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import course_lib as cl


def main(plan_path: str) -> int:
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    statuses = []
    for question_id, answer in plan["answers"]:
        result = cl.check(question_id, answer)
        statuses.append([question_id, result.status, result.correct])
    handed_in = cl.export_progress(plan["export"], student=plan.get("student"))
    print(json.dumps({"statuses": statuses, "export": str(handed_in.path)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
