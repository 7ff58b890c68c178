#!/usr/bin/env bash
# Mutation testing (Stryker.NET 5.1.0, a local dotnet tool) of the figures' definitions: CommandCenter/Domain/** and the
# indicator, road and report query classes (stryker-config.json lists the files and the tests that pin them).
# Too slow for ./test.sh and CI; run it by hand after changing a definition. See README, "Testing".
#
#   scripts/mutation.sh            # every file in stryker-config.json
#   scripts/mutation.sh domain     # CommandCenter/Domain/** only (the quick first run)
#   scripts/mutation.sh queries    # the query classes only
#   scripts/mutation.sh all -c 1   # further options go to dotnet-stryker (here: one test process, for a busy machine)
#
# The HTML and JSON reports go to mutation-report/reports/ (git-ignored); the score and the surviving mutants are printed.
set -euo pipefail
cd "$(dirname "$0")/.."

scope="${1:-all}"
[ $# -gt 0 ] && shift
mutate=()
# Each scope runs only the tests that pin its files: Stryker starts a test process per mutant group, so a slow test in the
# filter (the fold property tests take 13 s) costs that much for every mutant it covers.
tests=""
case "$scope" in
    all) ;;
    domain) mutate=(--mutate "**/Domain/**/*.cs")
            tests="FullyQualifiedName~CommandCenter.Tests.Domain.|FullyQualifiedName~CommandCenter.Tests.Features.QueryBoundaryTests|FullyQualifiedName~CommandCenter.Tests.Data.SqlServerScriptsParseTests" ;;
    queries) mutate=(--mutate "**/Features/Assessment/IndicatorsQuery.cs" --mutate "**/Features/RoadResponsibility/RoadResponsibilityQuery.cs"
                     --mutate "**/Features/Schedule/RoadDrillDownQuery.cs" --mutate "**/Features/Reports/MonthlyReportQuery.cs"
                     --mutate "**/Features/Reports/CaseDetailQuery.cs")
             tests="FullyQualifiedName~CommandCenter.Tests.Features.Assessment.|FullyQualifiedName~CommandCenter.Tests.Features.RoadResponsibility.|FullyQualifiedName~CommandCenter.Tests.Features.Schedule.RoadDrillDownQueryTests|FullyQualifiedName~CommandCenter.Tests.Features.Reports.CaseDetailCsvTests|FullyQualifiedName~CommandCenter.Tests.Features.Reports.MonthlyReportWorkbookTests|FullyQualifiedName~CommandCenter.Tests.Features.Reports.MonthlyReportQueryTests|FullyQualifiedName~CommandCenter.Tests.Features.QueryBoundaryTests|FullyQualifiedName~CommandCenter.Tests.Data.SqlServerScriptsParseTests" ;;
    *) echo "usage: scripts/mutation.sh [all|domain|queries] [dotnet-stryker options]" >&2; exit 2 ;;
esac

out="mutation-report"
rm -rf "$out"
dotnet tool restore >/dev/null
started=$(date +%s)
# The scope's test filter goes into a copy of the config; so does the reporter list, without the progress bar when the
# output is not a terminal (Stryker's bar throws at the end of a run on a zero-width pseudo-terminal, before the HTML and
# JSON reports are written).
progress=no
[ -t 1 ] && [ "$(tput cols 2>/dev/null || echo 0)" -ge 80 ] && progress=yes
config="$(mktemp --suffix=.json)"
trap 'rm -f "$config"' EXIT
python3 - stryker-config.json "$config" "$tests" "$progress" <<'PY'
import json, sys
settings = json.load(open(sys.argv[1]))
if sys.argv[3]:
    settings["stryker-config"]["test-case-filter"] = sys.argv[3]
if sys.argv[4] != "yes":
    settings["stryker-config"]["reporters"] = [r for r in settings["stryker-config"]["reporters"] if r != "Progress"]
json.dump(settings, open(sys.argv[2], "w"), indent=2)
PY
dotnet dotnet-stryker --config-file "$config" --output "$out" --skip-version-check "${mutate[@]}" "$@"
echo "mutation.sh: $scope took $(( ($(date +%s) - started) / 60 )) min; report: $out/reports/mutation-report.html"

# Score and survivors from the JSON report: killed (and timed out) over every mutant that ran or had no test.
report="$out/reports/mutation-report.json"
[ -f "$report" ] && command -v python3 >/dev/null && python3 - "$report" <<'PY'
import json, sys
files = json.load(open(sys.argv[1]))["files"]
counts, survivors = {}, []
for path, f in sorted(files.items()):
    lines = f["source"].splitlines()
    for m in f["mutants"]:
        counts[m["status"]] = counts.get(m["status"], 0) + 1
        if m["status"] in ("Survived", "NoCoverage"):
            line = m["location"]["start"]["line"]
            survivors.append(f'{m["status"]:10} {path.split("CommandCenter/", 1)[-1]}:{line}  {m["mutatorName"]}: {m.get("replacement", "")!s:.60}')
detected = counts.get("Killed", 0) + counts.get("Timeout", 0)
valid = detected + counts.get("Survived", 0) + counts.get("NoCoverage", 0)
print("mutants:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
print(f"score: {detected}/{valid} = {100.0 * detected / max(valid, 1):.1f} % killed")
print("\n".join(survivors))
PY
