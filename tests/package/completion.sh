#!/bin/bash
# Shell completion: the bash function called as TAB calls it (COMP_WORDS, COMP_CWORD), and the
# zsh function loaded by compinit; both complete every option flowgate --help lists.
. "$top_srcdir/tests/lib.sh"

. "$top_srcdir/completions/flowgate.bash"

# tab_at N WORD...: what TAB offers for the Nth WORD (from 1), sorted, on one line.
tab_at() {
	COMP_CWORD=$1
	shift
	COMP_WORDS=(flowgate "$@")
	COMPREPLY=()
	_flowgate
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# tab WORD...: what TAB offers for the last WORD, the one under the cursor.
tab() {
	tab_at $# "$@"
}

is "$(tab '')" "gates inbox log pass pipelines refuse runs" "the first word: every command"
is "$(tab 'r')" "refuse runs" "a command's first letters"
is "$(tab runs '')" "" "no second command after one"
is "$(tab --lang zh '')" "gates inbox log pass pipelines refuse runs" "an option and its value before the command"
is "$(tab --la)" "--lang" "an option's first letters"
like "$(tab gates --)" "--all .*--pipeline .*--run " "options after the command"
is "$(tab --api '')" "classic yunxiao" "--api: its two generations"
is "$(tab --signature '')" "v1 v3" "--signature: v3 and v1"
is "$(tab runs --lang '')" "en zh" "--lang: en and zh"
is "$(tab --edition '')" "central region" "--edition: central and region"
is "$(tab runs --status '')" "CANCELED FAIL RUNNING SUCCESS WAITING" "--status: the five statuses"
is "$(tab runs --status S)" "SUCCESS" "--status S"
is "$(tab --lang = '')" "en zh" "--lang=: the values after the equals sign"
is "$(tab --lang = z)" "zh" "--lang=z"
is "$(tab --pipeline '')" "" "an id is not guessed"

# Profiles: the config file's [profile NAME] lines, from the file flowgate itself would read.
mkdir -p "$XDG_CONFIG_HOME/flowgate"
cat >"$XDG_CONFIG_HOME/flowgate/config" <<'CONF'
org = 123
[profile prod]
[ profile  staging ]   # the second one
#[profile commented-out]
[profile two words]
CONF
is "$(tab --profile '')" "prod staging" "--profile: the profiles of the config file in XDG_CONFIG_HOME"
is "$(tab pass --profile p)" "prod" "--profile p"
printf '[profile other]\n' >"$TEST_TMPDIR/other.conf"
is "$(tab --config "$TEST_TMPDIR/other.conf" --profile '')" "other" "--config FILE names the file"
is "$(tab_at 2 --profile '' --config "$TEST_TMPDIR/other.conf")" "other" "even when --config comes after"
is "$(FLOWGATE_CONFIG=$TEST_TMPDIR/other.conf tab --profile '')" "other" "FLOWGATE_CONFIG names the file"
is "$(XDG_CONFIG_HOME=$TEST_TMPDIR/none tab --profile '')" "" "no config file: no profile"
is "$(XDG_CONFIG_HOME= tab --profile '')" "prod staging" "no XDG_CONFIG_HOME: ~/.config/flowgate/config"
is "$(XDG_CONFIG_HOME= HOME=$TEST_TMPDIR/nobody tab --profile '')" "" "and no profile when that file is missing"

# Every option of the binary is completed, by bash and by zsh.
missing_bash= missing_zsh=
for opt in $("$FLOWGATE" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	[[ " $(tab "$opt") " == *" $opt "* ]] || missing_bash="$missing_bash $opt"
	grep -qE "'(\([^)]*\))?(\{[^}]*\})?$opt[=[]|,$opt\}" "$top_srcdir/completions/_flowgate" || missing_zsh="$missing_zsh $opt"
done
is "$missing_bash" "" "bash completes every option flowgate --help lists"
is "$missing_zsh" "" "zsh completes every option flowgate --help lists"

if command -v zsh >/dev/null; then
	ok "_flowgate is valid zsh" zsh -n "$top_srcdir/completions/_flowgate"
	is "$(zsh -fc "fpath=('$top_srcdir/completions' \$fpath); autoload -U compinit; compinit -u -d '$TEST_TMPDIR/zcompdump'; print -r -- \$_comps[flowgate]")" \
		"_flowgate" "compinit finds _flowgate for the flowgate command"
else
	diag "zsh is not installed: its completion is not checked"
fi

done_testing
