/* The lesson page runner's interface text in one language, from the Fluent files: one file
   per locale instead of a copy in every lesson page. Written by `lessons build`. */
window.lessonsRunnerStrings = {
  "running": {{ t(key="run-running") | json_encode | safe }},
  "passed": {{ t(key="run-passed") | json_encode | safe }},
  "failed": {{ t(key="run-failed") | json_encode | safe }},
  "hint-passed": {{ t(key="run-hint-passed", n="{n}") | json_encode | safe }},
  "hint-failed": {{ t(key="run-hint-failed", n="{n}") | json_encode | safe }},
  "summary": {{ t(key="run-summary", passed="{passed}", total="{total}") | json_encode | safe }},
  "all-passed": {{ t(key="run-all-passed") | json_encode | safe }},
  "some-failed": {{ t(key="run-some-failed") | json_encode | safe }},
  "timeout-code": {{ t(key="run-timeout-code", seconds=timeout_seconds) | json_encode | safe }},
  "timeout-hint": {{ t(key="run-timeout-hint", seconds=timeout_seconds) | json_encode | safe }},
  "not-run": {{ t(key="run-not-run") | json_encode | safe }},
  "code-threw": {{ t(key="run-code-threw") | json_encode | safe }},
  "hint-broken": {{ t(key="run-hint-broken") | json_encode | safe }},
  "console-label": {{ t(key="run-console-label") | json_encode | safe }},
  "url-invalid": {{ t(key="run-url-invalid") | json_encode | safe }},
  "unreachable": {{ t(key="run-unreachable", url="{url}") | json_encode | safe }},
  "no-worker": {{ t(key="run-no-worker") | json_encode | safe }},
  "needs-server": {{ t(key="run-needs-server") | json_encode | safe }},
  "reset-done": {{ t(key="run-reset-done") | json_encode | safe }},
  "page-threw": {{ t(key="run-page-threw") | json_encode | safe }},
  "page-timeout": {{ t(key="run-page-timeout", seconds="{seconds}") | json_encode | safe }},
  "page-broken": {{ t(key="run-page-broken") | json_encode | safe }},
  "no-dom-runner": {{ t(key="run-no-dom-runner") | json_encode | safe }},
  "live-connected": {{ t(key="live-connected") | json_encode | safe }},
  "live-unreachable": {{ t(key="live-unreachable", url="{url}") | json_encode | safe }}
};
