// What a user would run instead of flowgate: one Flow API call through the official Alibaba Cloud
// Node.js OpenAPI client (@alicloud/openapi-client), made the way the devops 2021-06-25 SDK makes
// it (callApi, ROA style, ACS3-HMAC-SHA256), doing the same work as `flowgate gates` or `refuse`.
//
//   node callapi.js gates  ENDPOINT ORG PIPELINE RUN        prints the pending gates
//   node callapi.js refuse ENDPOINT ORG PIPELINE RUN JOB    prints the requestId
//
// ENDPOINT is host:port of the mock (plain http); the key pair comes from ALIBABA_CLOUD_ACCESS_KEY_ID
// and ALIBABA_CLOUD_ACCESS_KEY_SECRET. bench/run installs the client into bench/work/node.
'use strict';

const OpenApi = require('@alicloud/openapi-client');
const Util = require('@alicloud/tea-util');

const GATE_ACTIONS = ['PassPipelineValidate', 'RefusePipelineValidate', 'RefusePipelineValidator'];

function pendingGates(run) {
	const gates = [];
	for (const stage of run.stages || [])
		for (const job of (stage.stageInfo && stage.stageInfo.jobs) || []) {
			const isGate = (job.actions || []).some((a) => GATE_ACTIONS.includes(a.type));
			if (isGate && (job.status === 'WAITING' || job.status === 'SWITCH_MANUAL'))
				gates.push(`${job.id}\t${stage.name}\t${job.status}\t${job.name}`);
		}
	return gates;
}

async function main() {
	const [op, endpoint, org, pipeline, run, job] = process.argv.slice(2);
	const refuse = op === 'refuse';
	if ((op !== 'gates' && !refuse) || !run || (refuse && !job)) {
		console.error('usage: callapi.js gates|refuse ENDPOINT ORG PIPELINE RUN [JOB]');
		process.exit(2);
	}
	const client = new OpenApi.default(new OpenApi.Config({
		accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
		accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
		endpoint,
		protocol: 'http',
	}));
	let pathname = `/organization/${encodeURIComponent(org)}/pipelines/${pipeline}/pipelineRuns/${run}`;
	if (refuse)
		pathname += `/jobs/${encodeURIComponent(job)}/refuse`;
	const params = new OpenApi.Params({
		action: refuse ? 'RefusePipelineValidate' : 'GetPipelineRun',
		version: '2021-06-25',
		protocol: 'HTTP',
		pathname,
		method: refuse ? 'POST' : 'GET',
		authType: 'AK',
		style: 'ROA',
		reqBodyType: 'json',
		bodyType: 'json',
	});
	const res = await client.callApi(params, new OpenApi.OpenApiRequest({}), new Util.RuntimeOptions({}));
	if (refuse)
		console.log(`refuse job ${job}: ok, HTTP ${res.statusCode}, requestId=${res.body.requestId}`);
	else
		console.log(pendingGates(res.body.pipelineRun).join('\n'));
}

main().catch((e) => {
	console.error(`callapi: ${e.code || ''} ${e.message}`);
	process.exit(1);
});
