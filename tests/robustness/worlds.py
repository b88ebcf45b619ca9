#!/usr/bin/env python3
"""Hostile worlds for the fault matrix, written to stdout.

    worlds.py scenario KIND BASE   a whole scenario: BASE (basic.json) with run 7's names made hostile
        escapes        escape sequences (colour, title, clear screen, C1 CSI), bidi controls, C0 controls
        invalid-utf8   raw bytes that are not UTF-8: stray continuation, overlong, surrogate, 0xFF
    worlds.py body KIND            a GetPipelineRun answer (HTTP 200) as a JSON string, for a fault's "body"
        nested         100 000 nested arrays where the run should be
        numbers        times, counts and indexes out of range (1e300, -1e300, 2^63, 1e999, 1.5)
        big-ids        a job id of 1e30, which no integer holds
        special-ids    job ids that are strings with '/', '..', '%' and spaces
"""

import json
import sys

ESCAPES = ("\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J\x1b[H \x9b31m \u202eevil\u202c "
           "\u2066iso\u2069 \u200f \x07\x08\x7f\r\n\t end")
INVALID = b"bad \xff\xfe \xc3\x28 \xc0\xaf \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xe6\x97 end"


def hostile_run(base, marker):
    world = json.load(open(base, encoding="utf-8"))
    pipeline = world["orgs"][0]["pipelines"][0]
    pipeline["name"] = marker + " pipeline"
    run = next(r for r in pipeline["runs"] if r["id"] == 7)
    for stage in run["stages"]:
        stage["name"] = marker + " stage"
        for job in stage["jobs"]:
            job["name"] = marker + " job " + str(job["id"])
    return world


def scenario(kind, base):
    marker = "\u0001MARK\u0001"
    text = json.dumps(hostile_run(base, marker), ensure_ascii=False).encode("utf-8")
    if kind == "escapes":
        hostile = json.dumps(ESCAPES)[1:-1].encode("ascii")
    elif kind == "invalid-utf8":
        hostile = INVALID
    else:
        sys.exit(f"worlds.py: no scenario {kind}")
    sys.stdout.buffer.write(text.replace(json.dumps(marker)[1:-1].encode("ascii"), hostile))


def gate(job_id, name, extra=""):
    return ('{"id":%s,"name":"%s","status":"WAITING","startTime":1749542460000%s,"actions":['
            '{"type":"PassPipelineValidate","disable":false},'
            '{"type":"RefusePipelineValidate","disable":false}]}' % (job_id, name, extra))


def run_body(run, jobs):
    return ('{"requestId":"ROBUST-1","success":true,"errorCode":"","errorMessage":"","pipelineRun":'
            '{"pipelineId":101,"pipelineRunId":%s,"status":"RUNNING","triggerMode":1,"stages":'
            '[{"index":0,"name":"Approval","stageInfo":{"name":"Approval","status":"RUNNING","jobs":[%s]}}]}}'
            % (run, ",".join(jobs)))


def body(kind):
    if kind == "nested":
        depth = 100000
        return '{"requestId":"ROBUST-1","success":true,"pipelineRun":' + "[" * depth + "]" * depth + "}"
    if kind == "numbers":
        return run_body("7", [
            gate("1001", "times out of range", ',"endTime":1e999'),
            gate("1002", "start 1e300", "").replace("1749542460000", "1e300"),
            gate("1003", "start 2^63", "").replace("1749542460000", "9223372036854775808"),
            gate("1004", "start -1e300", "").replace("1749542460000", "-1e300"),
            gate("1005", "start 1.5", "").replace("1749542460000", "1.5"),
        ]).replace('"triggerMode":1', '"triggerMode":1e10,"createTime":-1e300,"updateTime":1e999') \
          .replace('"index":0', '"index":1e309')
    if kind == "big-ids":
        return run_body("7", [gate("1e30", "id 1e30"), gate("1001", "plain id")])
    if kind == "special-ids":
        return run_body("7", [gate('"../1001"', "dot-dot slash"), gate('".."', "dot-dot"),
                              gate('"10 01/x"', "space and slash"), gate('"50%2F"', "percent")])
    sys.exit(f"worlds.py: no body {kind}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "scenario":
        scenario(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "body":
        print(json.dumps(body(sys.argv[2])))
    else:
        sys.exit(__doc__)
