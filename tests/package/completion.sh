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
is "$(tab --url '')" "" "a link is not guessed"
is "$(tab inbox --parallel '')" "" "nor a number of requests"
is "$(tab inbox --mi)" "--mine" "inbox --mi: --mine"
is "$(tab --edition = r)" "region" "--edition=r"

# After the command word, only the options that command takes, and none already given.
global=(--api --config --edition --endpoint --help --lang --org --profile --readonly --signature --timeout --verbose --version)
is "$(tab inbox --)" "$(printf '%s\n' "${global[@]}" --json --mine --parallel | sort | tr '\n' ' ' | sed 's/ $//')" \
	"inbox --: the global options and inbox's own"
is "$(tab inbox --p)" "--parallel --profile" "inbox --p: not --pipeline, which inbox does not take"
is "$(tab inbox --json --j)" "" "an option already given is not offered again"
is "$(tab runs --status RUNNING --s)" "--signature" "nor a value option already given"
is "$(tab --lang = zh runs --lang)" "" "nor one given as --opt=value before the command"
is "$(tab refuse --m)" "" "refuse takes neither --mine nor --mouse"
is "$(tab pipelines --j)" "--json" "pipelines takes --json"
is "$(tab gates --a)" "--all --api" "gates takes --all"
is "$(tab log --pipeline 1 --run 2 --j)" "--job --json" "log takes --job"
is "$(tab --mo)" "--mouse" "before a command word, the console's options too"
is "$(tab --profile inbox '')" "gates inbox log pass pipelines refuse runs" "an option's value is no command word"

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

# Every command of the binary is completed, by bash and by zsh.
commands=$("$FLOWGATE" --help | sed -n 's/^  flowgate \[OPTIONS\] \([a-z][a-z]*\) .*/\1/p' | sort)
like "$commands" "inbox" "flowgate --help lists its commands (the list below is not empty)"
is "$(tab '')" "$(echo $commands)" "bash completes every command flowgate --help lists"
missing_zsh=
for cmd in $commands; do
	grep -qF "$cmd\\:\"" "$top_srcdir/completions/_flowgate" || missing_zsh="$missing_zsh $cmd"
done
is "$missing_zsh" "" "zsh completes every command flowgate --help lists"

# Every option of the binary is completed, by bash and by zsh: the console's and those of
# each command's --help (--mine, --all, --status... are listed only there).
options=$(for cmd in '' $commands; do "$FLOWGATE" $cmd --help; done | grep -oE -- '--[a-z][a-z-]+' | sort -u)
like "$options" "--mine" "the commands' --help list their own options"
missing_bash= missing_zsh=
for opt in $options; do
	[[ " $(tab "$opt") " == *" $opt "* ]] || missing_bash="$missing_bash $opt"
	grep -qE "'(\([^)]*\))?(\{[^}]*\})?$opt[=[]|,$opt\}" "$top_srcdir/completions/_flowgate" || missing_zsh="$missing_zsh $opt"
done
is "$missing_bash" "" "bash completes every option a --help lists"
is "$missing_zsh" "" "zsh completes every option a --help lists"

if ! command -v zsh >/dev/null || ! command -v tmux >/dev/null; then
	diag "zsh or tmux is not installed: the zsh completion is not checked"
	done_testing
fi
ok "_flowgate is valid zsh" zsh -n "$top_srcdir/completions/_flowgate"

# zsh in a tmux pane of its own, TAB pressed there.
sock=flowgate-completion-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"; lib_cleanup' EXIT
mkdir -p "$TEST_TMPDIR/zdot"
cat >"$TEST_TMPDIR/zdot/.zshrc" <<ZSH
fpath=('$top_srcdir/completions' \$fpath)
autoload -U compinit
compinit -u -d '$TEST_TMPDIR/zdot/zcompdump'
PS1='%% '
ZSH
env -i HOME="$HOME" PATH="$(dirname "$FLOWGATE"):$PATH" TERM=xterm-256color LC_ALL=C.UTF-8 \
	ZDOTDIR="$TEST_TMPDIR/zdot" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
	tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 20 zsh -i || bail_out "tmux cannot start zsh"

# zsh_tab LINE PATTERN NAME: types LINE, presses TAB, passes once the pane shows PATTERN (5 s);
# the pane is left in $screen.
zsh_tab() {
	local i
	tmux -L "$sock" send-keys C-u C-l "$1" Tab
	for ((i = 0; i < 50; i++)); do
		screen=$(tmux -L "$sock" capture-pane -p)
		[[ $screen =~ $2 ]] && break
		sleep 0.1
	done
	like "$screen" "$2" "$3"
	tmux -L "$sock" send-keys C-u
}
zsh_tab "flowgate " "pipelines +-- list pipelines" "zsh: TAB on the first word lists the commands, described"
zsh_tab "flowgate --lang " "en +zh" "zsh: --lang offers en and zh"
zsh_tab "flowgate --profile " "prod +staging" "zsh: --profile offers the config file's profiles"
zsh_tab "flowgate runs --stat" "--status=" "zsh: an option's first letters complete it"
zsh_tab "flowgate inbox --" "--mine" "zsh: inbox -- offers inbox's own options"
unlike "$screen" "--pipeline|--mouse" "zsh: and not those inbox does not take"
zsh_tab "flowgate runs --status RUNNING --s" "% flowgate runs --status RUNNING --signature=" \
	"zsh: an option given is not offered again"
zsh_tab "flowgate gates --a" "--all" "zsh: gates takes --all"

done_testing
