#!/bin/bash
# Signatures, credentials and configuration as the real binary meets them: V3, v1 and STS accepted
# by the mock's gateway checks; every way to get them wrong exits 3 with a message that helps and
# never shows a secret.
. "$top_srcdir/tests/lib.sh"

GATES=(gates --pipeline 101 --run 7)

mock_start basic
export FLOWGATE_ORG=org-test

# ---- signatures -------------------------------------------------------------------------------
fg "${GATES[@]}"
is "$(rc)" 0 "a V3-signed request is accepted"
like "$(mock_requests | tail -1)" '"auth":"ok"' "the mock verified the V3 signature"
fg --signature v1 "${GATES[@]}"
is "$(rc)" 0 "a v1-signed request is accepted"
fg --signature v1 refuse --pipeline 101 --run 7 --job 1001
is "$(rc)" 0 "a v1-signed refuse is accepted"
is "$(mock_count action=RefusePipelineValidate job=1001 auth=ok)" 1 "the v1 refuse passed the gateway's signature check"

ALIBABA_CLOUD_ACCESS_KEY_ID=$MOCK_STS_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$MOCK_STS_AK_SECRET \
	ALIBABA_CLOUD_SECURITY_TOKEN=$MOCK_STS_TOKEN fg "${GATES[@]}"
is "$(rc)" 0 "STS credentials with their security token are accepted"
ALIBABA_CLOUD_ACCESS_KEY_ID=$MOCK_STS_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$MOCK_STS_AK_SECRET \
	ALIBABA_CLOUD_SECURITY_TOKEN=wrong-token fg "${GATES[@]}"
is "$(rc)" 3 "a wrong STS token exits 3"
unlike "$(err)" "wrong-token|$MOCK_STS_AK_SECRET" "a wrong STS token is not echoed"

ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-the-secret fg "${GATES[@]}"
is "$(rc)" 3 "a wrong secret (SignatureDoesNotMatch) exits 3"
like "$(err)" "SignatureDoesNotMatch" "a wrong secret names SignatureDoesNotMatch"
unlike "$(err)$(out)" "not-the-secret" "the wrong secret is never printed"

ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tNoSuchKey999 fg "${GATES[@]}"
is "$(rc)" 3 "an unknown AccessKey id exits 3"
like "$(err)" "InvalidAccessKeyId.NotFound" "an unknown AccessKey id is named"

skew=$(mock_scenario skew <<JSON
{"base": "$MOCK_SCENARIOS/basic.json", "clockSkewSeconds": 1200}
JSON
)
mock_start "$skew"
fg "${GATES[@]}"
is "$(rc)" 3 "a clock 20 minutes off exits 3"
like "$(err)" "InvalidTimeStamp.Expired" "clock skew is named"
like "$(err)" "15" "clock skew explains the 15-minute window"
mock_start basic

# ---- where credentials come from ----------------------------------------------------------------
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
fg "${GATES[@]}"
is "$(rc)" 3 "no credentials anywhere exits 3"
like "$(err)" "ALIBABA_CLOUD_ACCESS_KEY_ID" "missing credentials name the environment variables"
like "$(err)" "aliyun configure|config.json" "missing credentials mention the aliyun CLI config"

mkdir -p "$HOME/.aliyun"
cat >"$HOME/.aliyun/config.json" <<JSON
{"current": "dev", "profiles": [
 {"name": "dev", "mode": "AK", "access_key_id": "$MOCK_AK_ID", "access_key_secret": "$MOCK_AK_SECRET"},
 {"name": "sts", "mode": "StsToken", "access_key_id": "$MOCK_STS_AK_ID", "access_key_secret": "$MOCK_STS_AK_SECRET", "sts_token": "$MOCK_STS_TOKEN"},
 {"name": "role", "mode": "RamRoleArn", "access_key_id": "x", "access_key_secret": "y", "ram_role_arn": "acs:ram::1:role/r"}]}
JSON
chmod 600 "$HOME/.aliyun/config.json"
fg "${GATES[@]}"
is "$(rc)" 0 "the aliyun CLI's current profile (mode AK) works"
fg --profile sts "${GATES[@]}"
is "$(rc)" 0 "an aliyun CLI StsToken profile works"
ALIBABA_CLOUD_PROFILE=sts fg "${GATES[@]}"
is "$(rc)" 0 "ALIBABA_CLOUD_PROFILE selects the aliyun CLI profile"
fg --profile role "${GATES[@]}"
is "$(rc)" 3 "an unsupported aliyun CLI mode exits 3"
like "$(err)" "RamRoleArn" "an unsupported mode is named"
fg --profile nope "${GATES[@]}"
is "$(rc)" 3 "an unknown profile exits 3"
chmod 644 "$HOME/.aliyun/config.json"
fg "${GATES[@]}"
is "$(rc)" 3 "an aliyun config.json others can read is refused"
like "$(err)" "chmod 600" "the refusal gives the chmod fix"
unlike "$(err)$(out)" "$MOCK_AK_SECRET|$MOCK_STS_AK_SECRET|$MOCK_STS_TOKEN" "no credentials error shows a secret"
rm "$HOME/.aliyun/config.json"
export ALIBABA_CLOUD_ACCESS_KEY_ID=$MOCK_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$MOCK_AK_SECRET

# ---- the config file --------------------------------------------------------------------------
conf=$XDG_CONFIG_HOME/flowgate/config
mkdir -p "${conf%/*}"
printf 'org = org-other\n[profile test]\norg = org-test\n' >"$conf"
chmod 600 "$conf"
FLOWGATE_ORG= fg pipelines
is "$(out | sed -n 2p | cut -c1-3)" 201 "org comes from the config file"
FLOWGATE_ORG= fg --profile test pipelines
is "$(out | sed -n 2p | cut -c1-3)" 101 "a [profile] section overrides the top of the file"
FLOWGATE_ORG=org-test fg pipelines
is "$(out | sed -n 2p | cut -c1-3)" 101 "the environment beats the config file"
FLOWGATE_ORG=org-other fg --org org-test pipelines
is "$(out | sed -n 2p | cut -c1-3)" 101 "a flag beats the environment"
chmod 644 "$conf"
fg pipelines
is "$(rc)" 3 "a config file others can read is refused (exit 3)"
like "$(err)" "chmod 600 $conf" "the refusal gives the exact chmod command"
chmod 600 "$conf"
printf 'org = org-test\ntimeout = forever\n' >"$conf"
fg pipelines
is "$(rc)" 3 "a bad value in the config file exits 3"
like "$(err)" "config:2: timeout" "a bad config value names the file, line and key"
fg --config "$TEST_TMPDIR/missing" pipelines
is "$(rc)" 3 "a config file named with --config must exist"
rm -f "$conf"

# ---- endpoints --------------------------------------------------------------------------------
fg --endpoint http://example.com pipelines
is "$(rc)" 2 "plain http to a non-loopback host is refused (a bad flag value: usage)"
like "$(err)" "http://.*loopback|https" "the refusal says plain http is only for loopback"
fg --endpoint "ftp://127.0.0.1:$MOCK_PORT" pipelines
is "$(rc)" 2 "an endpoint that is not http(s) is refused"
FLOWGATE_ENDPOINT=http://example.com fg pipelines
is "$(rc)" 3 "the same endpoint from the environment is a configuration error"
like "$(err)" "http://.*loopback|https" "and says plain http is only for loopback"
fg --endpoint "http://localhost:$MOCK_PORT" pipelines
is "$(rc)" 0 "http://localhost is accepted as loopback"

done_testing
