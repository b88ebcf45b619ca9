# bash completion for flowgate(1): commands, options, the fixed values of options, and the
# profile names of the config file.                                        -*- shell-script -*-

_flowgate_commands="pipelines runs gates refuse pass inbox log"
_flowgate_options="--pipeline --run --job --status --all --mine --url --org --endpoint --api --edition
	--signature --profile --config --json --lang --timeout --parallel --readonly --no-color
	--interval --mouse --bell --verbose --help --version"
# The options every command takes, and those that take a value (the word after them is no command).
_flowgate_global="--org --endpoint --api --edition --signature --profile --config --lang --timeout
	--readonly --verbose --help --version"
_flowgate_valued=(--pipeline --run --job --status --url --org --endpoint --api --edition --signature
	--profile --config --lang --timeout --parallel --interval)

# The options of a command besides the global ones; before the command word, every option.
_flowgate_own_options()
{
	case $1 in
	pipelines) printf '%s\n' "--json" ;;
	runs) printf '%s\n' "--json --pipeline --url --status" ;;
	gates) printf '%s\n' "--json --pipeline --run --url --all" ;;
	refuse | pass | log) printf '%s\n' "--json --pipeline --run --url --job" ;;
	inbox) printf '%s\n' "--json --mine --parallel" ;;
	*) printf '%s\n' "$_flowgate_options" ;;
	esac
}

# The config file flowgate would read: --config, else FLOWGATE_CONFIG, else the XDG place.
_flowgate_config_file()
{
	local i
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		if [[ ${COMP_WORDS[i]} == --config ]]; then
			if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
				printf '%s\n' "${COMP_WORDS[i + 2]-}"
			else
				printf '%s\n' "${COMP_WORDS[i + 1]-}"
			fi
			return
		fi
	done
	if [[ -n ${FLOWGATE_CONFIG-} ]]; then
		printf '%s\n' "$FLOWGATE_CONFIG"
	elif [[ ${XDG_CONFIG_HOME-} == /* ]]; then
		printf '%s\n' "$XDG_CONFIG_HOME/flowgate/config"
	else
		printf '%s\n' "$HOME/.config/flowgate/config"
	fi
}

# The NAME of each "[profile NAME]" line (blanks allowed inside the brackets, a # comment after).
_flowgate_profiles()
{
	local file
	file=$(_flowgate_config_file)
	[[ $file == "~/"* ]] && file=$HOME/${file#"~/"}
	[[ -r $file ]] || return 0
	sed -n -e 's/[[:space:]]#.*//' \
		-e 's/^[[:space:]]*\[[[:space:]]*profile[[:space:]][[:space:]]*\([^][:space:]]*\)[[:space:]]*\][[:space:]]*$/\1/p' \
		"$file"
}

_flowgate()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]-} values word i
	# "--lang=zh" arrives as "--lang", "=", "zh" (= is in COMP_WORDBREAKS).
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	case $prev in
	--api) values="classic yunxiao" ;;
	--signature) values="v3 v1" ;;
	--lang) values="en zh" ;;
	--edition) values="central region" ;;
	--status) values="RUNNING SUCCESS FAIL CANCELED WAITING" ;;
	--profile) values=$(_flowgate_profiles) ;;
	--config)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	--pipeline | --run | --job | --org | --endpoint | --url | --timeout | --interval | --parallel)
		COMPREPLY=()
		return 0
		;;
	esac
	if [[ -n ${values+set} ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
		return 0
	fi
	# The words before the cursor: the command word, and the options given (with their values skipped).
	local command="" given=" " offered=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		if [[ $word == --* ]]; then
			given+="$word "
			[[ " ${_flowgate_valued[*]} " == *" $word "* ]] || continue
			[[ ${COMP_WORDS[i + 1]-} == = ]] && ((i++))
			((i++))
		elif [[ -z $command && " $_flowgate_commands " == *" $word "* ]]; then
			command=$word
		fi
	done
	if [[ $cur == -* ]]; then
		for word in $_flowgate_global $(_flowgate_own_options "$command"); do
			[[ $given == *" $word "* || " $offered " == *" $word "* ]] || offered+="$word "
		done
		mapfile -t COMPREPLY < <(compgen -W "$offered" -- "$cur")
		return 0
	fi
	# A command word only where none was given yet.
	[[ -n $command ]] && return 0
	mapfile -t COMPREPLY < <(compgen -W "$_flowgate_commands" -- "$cur")
}

complete -F _flowgate flowgate
