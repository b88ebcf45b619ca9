#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/model.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include "../tap.h"

static struct flow_job job(const char *id, const char *name, const char *status, unsigned gate)
{
	struct flow_job j = { 0 };
	j.id = xstrdup(id);
	j.name = xstrdup(name);
	j.status = xstrdup(status);
	j.stage_name = xstrdup("生产发布");
	j.gate = gate;
	return j;
}

static void test_gate_predicates(void)
{
	struct flow_job plain = job("1", "构建", "WAITING", 0);
	struct flow_job pass_only = job("2", "卡点", "WAITING", FLOW_GATE_HAS_PASS);
	struct flow_job refuse_only = job("3", "卡点", "WAITING", FLOW_GATE_HAS_REFUSE);
	struct flow_job can_bits_only = job("4", "卡点", "WAITING", FLOW_GATE_CAN_PASS | FLOW_GATE_CAN_REFUSE);
	struct flow_job manual = job("5", "卡点", "SWITCH_MANUAL", FLOW_GATE_HAS_PASS | FLOW_GATE_HAS_REFUSE);
	struct flow_job running = job("6", "卡点", "RUNNING", FLOW_GATE_HAS_PASS | FLOW_GATE_HAS_REFUSE);
	struct flow_job lower = job("7", "卡点", "waiting", FLOW_GATE_HAS_PASS);
	struct flow_job no_status = job("8", "卡点", NULL, FLOW_GATE_HAS_PASS);

	ok(!flow_job_is_gate(&plain), "a job without pass/refuse actions is not a gate");
	ok(flow_job_is_gate(&pass_only), "a job with only a pass action is a gate");
	ok(flow_job_is_gate(&refuse_only), "a job with only a refuse action is a gate");
	ok(!flow_job_is_gate(&can_bits_only), "permission bits alone do not make a gate");
	ok(!flow_job_is_gate(NULL), "no job is no gate");
	ok(flow_job_is_pending_gate(&pass_only), "a WAITING gate is pending");
	ok(flow_job_is_pending_gate(&manual), "a SWITCH_MANUAL gate is pending");
	ok(!flow_job_is_pending_gate(&running), "a RUNNING gate is not pending");
	ok(!flow_job_is_pending_gate(&plain), "a WAITING ordinary job is not a pending gate");
	ok(!flow_job_is_pending_gate(&lower), "job status is matched exactly, not case-folded");
	ok(!flow_job_is_pending_gate(&no_status), "a gate without a status is not pending");

	struct flow_run_detail run = { 0 };
	run.jobs = xcalloc(8, sizeof(*run.jobs));
	run.jobs[run.njobs++] = plain;
	run.jobs[run.njobs++] = pass_only;
	run.jobs[run.njobs++] = refuse_only;
	run.jobs[run.njobs++] = can_bits_only;
	run.jobs[run.njobs++] = manual;
	run.jobs[run.njobs++] = running;
	run.jobs[run.njobs++] = lower;
	run.jobs[run.njobs++] = no_status;
	is_int(flow_run_pending_gates(&run), 3, "pending gates are counted over every job of the run");
	is_int(flow_run_pending_gates(NULL), 0, "no run has no pending gates");
	flow_run_detail_free(&run);
}

static void test_find_job(void)
{
	struct flow_run_detail run = { 0 };
	run.jobs = xcalloc(4, sizeof(*run.jobs));
	run.jobs[run.njobs++] = job("123", "9", "WAITING", FLOW_GATE_HAS_PASS);
	run.jobs[run.njobs++] = job("12", "123", "WAITING", FLOW_GATE_HAS_PASS);
	run.jobs[run.njobs++] = job("", "空", "INIT", 0);
	run.jobs[run.njobs] = job("9", "无编号", "INIT", 0);
	free(run.jobs[run.njobs].id);
	run.jobs[run.njobs++].id = NULL;

	const struct flow_job *j = flow_run_find_job(&run, "123");
	ok(j == &run.jobs[0], "find_job finds the job whose id matches");
	ok(flow_run_find_job(&run, "12") == &run.jobs[1], "find_job matches the whole id, not a prefix");
	ok(flow_run_find_job(&run, "9") == NULL, "find_job never matches by name");
	ok(flow_run_find_job(&run, "999") == NULL, "find_job gives NULL for an unknown id");
	ok(flow_run_find_job(&run, "") == NULL, "find_job does not match an empty id");
	ok(flow_run_find_job(&run, NULL) == NULL, "find_job accepts a NULL id");
	ok(flow_run_find_job(NULL, "123") == NULL, "find_job accepts a NULL run");
	flow_run_detail_free(&run);
	ok(run.jobs == NULL && run.njobs == 0, "run_detail_free leaves the run empty");
}

static struct flow_pipeline_list pipelines(int64_t first, size_t n, const char *token, int64_t total)
{
	struct flow_pipeline_list l = { 0 };
	l.items = xcalloc(n ? n : 1, sizeof(*l.items));
	for (size_t i = 0; i < n; i++) {
		l.items[i].id = first + (int64_t)i;
		l.items[i].name = xasprintf("流水线 %zu", i);
		l.items[i].creator_id = xstrdup("1564329876543210");
	}
	l.n = n;
	l.next_token = xstrdup(token);
	l.total = total;
	return l;
}

static void test_pipeline_take(void)
{
	struct flow_pipeline_list all = pipelines(100, 2, "page2", 5);
	struct flow_pipeline_list page = pipelines(200, 3, NULL, -1);

	flow_pipeline_list_take(&all, &page);
	is_int(all.n, 5, "take appends the page's items");
	is_int(all.items[1].id, 101, "take keeps the items already there in front");
	is_int(all.items[2].id, 200, "take puts the page's items after them, in order");
	is_str(all.items[4].name, "流水线 2", "taken items keep their strings");
	ok(all.next_token == NULL, "take adopts the newest page's end-of-list token");
	is_int(all.total, 5, "take keeps the total when the page has none");
	ok(page.n == 0 && page.items == NULL && page.next_token == NULL, "take leaves the page empty");

	struct flow_pipeline_list more = pipelines(300, 1, "page4", 9);
	flow_pipeline_list_take(&all, &more);
	is_str(all.next_token, "page4", "take adopts the newest page's next token");
	is_int(all.total, 9, "take adopts the newest page's total");

	struct flow_pipeline_list none = pipelines(0, 0, "", -1);
	flow_pipeline_list_take(&all, &none);
	is_int(all.n, 6, "taking an empty page adds nothing");

	flow_pipeline_list_take(&all, &all);
	is_int(all.n, 6, "taking a list into itself changes nothing");

	struct flow_pipeline_list fresh = { 0 };
	fresh.total = -1;
	flow_pipeline_list_take(&fresh, &all);
	is_int(fresh.n, 6, "take into a zeroed list moves everything");
	flow_pipeline_list_free(&fresh);
	flow_pipeline_list_free(&all);
	flow_pipeline_list_free(&page);
	flow_pipeline_list_free(&more);
	flow_pipeline_list_free(&none);
	is_int(fresh.total, -1, "list_free leaves the total as absent");
}

static void test_run_take(void)
{
	struct flow_run_list all = { 0 }, page = { 0 };
	all.total = -1;
	page.items = xcalloc(2, sizeof(*page.items));
	page.items[0].id = 318;
	page.items[0].status = xstrdup("RUNNING");
	page.items[0].creator_id = xstrdup("1");
	page.items[1].id = 317;
	page.items[1].status = xstrdup("FAIL");
	page.items[1].creator_id = xstrdup("2");
	page.n = 2;
	page.next_token = xstrdup("2");
	page.total = 40;

	flow_run_list_take(&all, &page);
	ok(all.n == 2 && all.items[1].id == 317, "run list take moves the runs in order");
	is_str(all.next_token, "2", "run list take moves the next token");
	is_int(all.total, 40, "run list take moves the total");
	ok(page.n == 0 && page.items == NULL, "run list take leaves the page empty");
	flow_run_list_free(&all);
	flow_run_list_free(&page);
}

static void test_trigger_names(void)
{
	is_str(flow_trigger_name(1), "manual", "trigger mode 1 is manual");
	is_str(flow_trigger_name(2), "scheduled", "trigger mode 2 is scheduled");
	is_str(flow_trigger_name(3), "commit", "trigger mode 3 is commit");
	is_str(flow_trigger_name(5), "pipeline", "trigger mode 5 is pipeline");
	is_str(flow_trigger_name(6), "webhook", "trigger mode 6 is webhook");
	is_str(flow_trigger_name(4), "-", "an unknown trigger mode is shown as -");
	is_str(flow_trigger_name(0), "-", "an absent trigger mode is shown as -");
}

static void test_status_labels_english(void)
{
	static const char *const words[] = { "INIT", "WAITING", "SWITCH_MANUAL", "RUNNING",
		                             "SUCCESS", "FAIL", "CANCELED", "SKIPPED" };
	const char *odd = "QUEUED\x1b[2J";

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		is_str(flow_status_label(words[i]), words[i], "in English the status %s is shown as the server words it", words[i]);
	ok(flow_status_label(odd) == odd, "an unknown status comes back as it is, for the display to sanitise");
	is_str(flow_status_label(""), "", "an empty status stays empty");
	is_str(flow_status_label(NULL), "-", "no status is shown as -");
	is_str(flow_status_label("running"), "running", "the words are matched exactly: a lower-case one is unknown");
	is_str(flow_status_label("RUNNING "), "RUNNING ", "and a word with more after it is unknown");
}

/* In Chinese, from the catalogue the build tree holds (FLOWGATE_LOCALEDIR, as the tests set it for the program). */
static void test_status_labels_chinese(void)
{
#ifdef ENABLE_NLS
	static const char *const pairs[][2] = {
		{ "INIT", "未开始" },   { "WAITING", "等待中" }, { "SWITCH_MANUAL", "待确认" }, { "RUNNING", "运行中" },
		{ "SUCCESS", "成功" }, { "FAIL", "失败" },      { "CANCELED", "已取消" },           { "SKIPPED", "已跳过" },
	};
	const char *top = getenv("top_builddir");
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/locale", top ? top : ".");
	setenv("FLOWGATE_LOCALEDIR", dir, 1);
	ok(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "the C.UTF-8 locale is there for Chinese");
	i18n_init();
	ok(i18n_use(true), "the messages are Chinese now");
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		is_str(flow_status_label(pairs[i][0]), pairs[i][1], "in Chinese the status %s is %s", pairs[i][0], pairs[i][1]);
	is_str(_("WAITING"), "等待", "the heading WAITING (time waited) keeps its own translation");
	is_str(flow_status_label("QUEUED"), "QUEUED", "an unknown status stays as the server words it in Chinese too");
	is_str(flow_status_label("manual"), "manual", "and is never looked up as one of the program's own messages");
	is_str(flow_status_label(NULL), "-", "no status is still -");
	ok(!i18n_use(false), "back to English");
	is_str(flow_status_label("RUNNING"), "RUNNING", "and the status is RUNNING again");
#endif
}

static void test_job_may(void)
{
	char waiting[] = "WAITING", done[] = "SUCCESS";
	struct flow_job j = { .status = waiting, .gate = FLOW_GATE_HAS_PASS | FLOW_GATE_HAS_REFUSE };

	is_str(flow_job_may(&j), "not allowed", "a pending gate with both actions disabled is not allowed");
	j.gate |= FLOW_GATE_CAN_PASS;
	is_str(flow_job_may(&j), "pass", "a pending gate whose refuse is disabled allows pass");
	j.gate |= FLOW_GATE_CAN_REFUSE;
	is_str(flow_job_may(&j), "pass, refuse", "a pending gate with both actions allowed says both");
	j.gate &= ~(unsigned)FLOW_GATE_CAN_PASS;
	is_str(flow_job_may(&j), "refuse", "a pending gate whose pass is disabled allows refuse");
	j.status = done;
	is_str(flow_job_may(&j), "", "a gate that no longer waits says nothing");
	j.status = waiting;
	j.gate = 0;
	is_str(flow_job_may(&j), "", "a job that is not a gate says nothing");
}

static void test_free_null(void)
{
	flow_pipeline_list_free(NULL);
	flow_run_list_free(NULL);
	flow_run_detail_free(NULL);
	ok(1, "every model free accepts NULL");
}

/* A run with one source whose data holds these key/value pairs (NULL-terminated). */
static void source_add(struct flow_run_detail *run, const char *const *kv)
{
	struct flow_source *src;
	run->sources = xrealloc(run->sources, (run->nsources + 1) * sizeof(*run->sources));
	src = &run->sources[run->nsources++];
	memset(src, 0, sizeof(*src));
	src->type = xstrdup("codeup");
	src->name = xstrdup("repo");
	for (; kv[0]; kv += 2) {
		src->data = xrealloc(src->data, (src->ndata + 1) * sizeof(*src->data));
		src->data[src->ndata].key = xstrdup(kv[0]);
		src->data[src->ndata++].value = xstrdup(kv[1]);
	}
}

/* The summary of a run of one source with these pairs. */
static char *summary_of(const char *const *kv)
{
	struct flow_run_detail run = { 0 };
	source_add(&run, kv);
	char *line = flow_run_summary(&run);
	flow_run_detail_free(&run);
	return line;
}

static void test_run_summary(void)
{
	char *s;
	static const char *const full[] = { "branch", "main", "commitId", "0123456789abcdef",
	                                    "commitMsg", "Fix it\nsecond line", NULL };
	static const char *const branch_only[] = { "branch", "main", NULL };
	static const char *const commit_only[] = { "commit", "0123456789", "message", "msg", NULL };
	static const char *const no_code[] = { "repo", "https://x/y.git", "commitMsg", "orphan message", NULL };
	static const char *const empty_branch[] = { "branch", "", "commitId", "abc", NULL };
	static const char *const cr_message[] = { "branch", "b", "commitMessage", "first\r\nsecond", NULL };
	static const char *const blank_message[] = { "branch", "b", "commitMsg", "\n \t\r\n  second\nthird", NULL };
	static const char *const all_blank[] = { "branch", "b", "commitMsg", "\n  \r\n\t", NULL };
	static const char *const wide_commit[] = { "branch", "b", "commitId", "提交一二三四五六七八", NULL };

	is_str(s = summary_of(full), "main @ 0123456 Fix it", "branch @ 7-character commit, first line of the message");
	free(s);
	is_str(s = summary_of(branch_only), "main", "a branch alone");
	free(s);
	is_str(s = summary_of(commit_only), "0123456 msg", "a commit without a branch has no @");
	free(s);
	ok(summary_of(no_code) == NULL, "a source without branch or commit gives no summary");
	is_str(s = summary_of(empty_branch), "abc", "an empty branch counts as none");
	free(s);
	is_str(s = summary_of(cr_message), "b first", "a message ends at a carriage return too");
	free(s);
	is_str(s = summary_of(blank_message), "b second", "a message's blank first lines are passed over");
	free(s);
	is_str(s = summary_of(all_blank), "b", "a message of blank lines only is left out");
	free(s);
	is_str(s = summary_of(wide_commit), "b @ 提交一二三四五", "a commit id is cut by characters, never inside one");
	free(s);

	struct flow_run_detail run = { 0 };
	source_add(&run, no_code);
	source_add(&run, branch_only);
	is_str(s = flow_run_summary(&run), "main", "the first source that names code is used");
	free(s);
	is_str(flow_source_get(&run.sources[0], "repo"), "https://x/y.git", "source_get finds a field");
	ok(flow_source_get(&run.sources[0], "branch") == NULL, "source_get of a missing field is NULL");
	ok(flow_source_get(NULL, "branch") == NULL, "source_get of no source is NULL");
	flow_run_detail_free(&run);
	ok(flow_run_summary(NULL) == NULL, "no run has no summary");
}

int main(void)
{
	test_gate_predicates();
	test_find_job();
	test_pipeline_take();
	test_run_take();
	test_trigger_names();
	test_status_labels_english();
	test_status_labels_chinese();
	test_job_may();
	test_free_null();
	test_run_summary();
	return tap_done();
}
