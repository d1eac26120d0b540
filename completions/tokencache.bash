_tokencache() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="tokencache"
                ;;
            tokencache,az)
                cmd="tokencache__subcmd__az"
                ;;
            tokencache,clear)
                cmd="tokencache__subcmd__clear"
                ;;
            tokencache,completions)
                cmd="tokencache__subcmd__completions"
                ;;
            tokencache,doctor)
                cmd="tokencache__subcmd__doctor"
                ;;
            tokencache,exec)
                cmd="tokencache__subcmd__exec"
                ;;
            tokencache,git-credential)
                cmd="tokencache__subcmd__git__subcmd__credential"
                ;;
            tokencache,help)
                cmd="tokencache__subcmd__help"
                ;;
            tokencache,inspect)
                cmd="tokencache__subcmd__inspect"
                ;;
            tokencache,keygen)
                cmd="tokencache__subcmd__keygen"
                ;;
            tokencache,list)
                cmd="tokencache__subcmd__list"
                ;;
            tokencache,man)
                cmd="tokencache__subcmd__man"
                ;;
            tokencache,path)
                cmd="tokencache__subcmd__path"
                ;;
            tokencache,presets)
                cmd="tokencache__subcmd__presets"
                ;;
            tokencache,prune)
                cmd="tokencache__subcmd__prune"
                ;;
            tokencache,read)
                cmd="tokencache__subcmd__read"
                ;;
            tokencache,redis)
                cmd="tokencache__subcmd__redis"
                ;;
            tokencache,remove)
                cmd="tokencache__subcmd__remove"
                ;;
            tokencache,serve)
                cmd="tokencache__subcmd__serve"
                ;;
            tokencache,token)
                cmd="tokencache__subcmd__token"
                ;;
            tokencache,update)
                cmd="tokencache__subcmd__update"
                ;;
            tokencache,verify)
                cmd="tokencache__subcmd__verify"
                ;;
            tokencache,write)
                cmd="tokencache__subcmd__write"
                ;;
            tokencache__subcmd__help,az)
                cmd="tokencache__subcmd__help__subcmd__az"
                ;;
            tokencache__subcmd__help,clear)
                cmd="tokencache__subcmd__help__subcmd__clear"
                ;;
            tokencache__subcmd__help,completions)
                cmd="tokencache__subcmd__help__subcmd__completions"
                ;;
            tokencache__subcmd__help,doctor)
                cmd="tokencache__subcmd__help__subcmd__doctor"
                ;;
            tokencache__subcmd__help,exec)
                cmd="tokencache__subcmd__help__subcmd__exec"
                ;;
            tokencache__subcmd__help,git-credential)
                cmd="tokencache__subcmd__help__subcmd__git__subcmd__credential"
                ;;
            tokencache__subcmd__help,help)
                cmd="tokencache__subcmd__help__subcmd__help"
                ;;
            tokencache__subcmd__help,inspect)
                cmd="tokencache__subcmd__help__subcmd__inspect"
                ;;
            tokencache__subcmd__help,keygen)
                cmd="tokencache__subcmd__help__subcmd__keygen"
                ;;
            tokencache__subcmd__help,list)
                cmd="tokencache__subcmd__help__subcmd__list"
                ;;
            tokencache__subcmd__help,man)
                cmd="tokencache__subcmd__help__subcmd__man"
                ;;
            tokencache__subcmd__help,path)
                cmd="tokencache__subcmd__help__subcmd__path"
                ;;
            tokencache__subcmd__help,presets)
                cmd="tokencache__subcmd__help__subcmd__presets"
                ;;
            tokencache__subcmd__help,prune)
                cmd="tokencache__subcmd__help__subcmd__prune"
                ;;
            tokencache__subcmd__help,read)
                cmd="tokencache__subcmd__help__subcmd__read"
                ;;
            tokencache__subcmd__help,redis)
                cmd="tokencache__subcmd__help__subcmd__redis"
                ;;
            tokencache__subcmd__help,remove)
                cmd="tokencache__subcmd__help__subcmd__remove"
                ;;
            tokencache__subcmd__help,serve)
                cmd="tokencache__subcmd__help__subcmd__serve"
                ;;
            tokencache__subcmd__help,token)
                cmd="tokencache__subcmd__help__subcmd__token"
                ;;
            tokencache__subcmd__help,update)
                cmd="tokencache__subcmd__help__subcmd__update"
                ;;
            tokencache__subcmd__help,verify)
                cmd="tokencache__subcmd__help__subcmd__verify"
                ;;
            tokencache__subcmd__help,write)
                cmd="tokencache__subcmd__help__subcmd__write"
                ;;
            tokencache__subcmd__help__subcmd__redis,list)
                cmd="tokencache__subcmd__help__subcmd__redis__subcmd__list"
                ;;
            tokencache__subcmd__redis,help)
                cmd="tokencache__subcmd__redis__subcmd__help"
                ;;
            tokencache__subcmd__redis,list)
                cmd="tokencache__subcmd__redis__subcmd__list"
                ;;
            tokencache__subcmd__redis__subcmd__help,help)
                cmd="tokencache__subcmd__redis__subcmd__help__subcmd__help"
                ;;
            tokencache__subcmd__redis__subcmd__help,list)
                cmd="tokencache__subcmd__redis__subcmd__help__subcmd__list"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        tokencache)
            opts="-q -h -V --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --scope --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help --version read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --scope)
                    COMPREPLY=($(compgen -W "current-user local-machine" -- "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__az)
            opts="-q -h --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__clear)
            opts="-q -h --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__completions)
            opts="-q -h --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__doctor)
            opts="-q -h --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__exec)
            opts="-q -h --scope --user --home-account-id --app-only --client-id --tenant --min-validity --format --refresh --force-refresh --authority --network-timeout --env --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --scope)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --user)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --home-account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --client-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "raw json az exec-credential" -- "${cur}"))
                    return 0
                    ;;
                --authority)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --network-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__git__subcmd__credential)
            opts="-q -h --host --scope --user --min-validity --refresh --force-refresh --authority --network-timeout --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help get store erase"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --scope)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --user)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --authority)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --network-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help)
            opts="read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__az)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__clear)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__doctor)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__exec)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__git__subcmd__credential)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__inspect)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__keygen)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__path)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__presets)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__prune)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__read)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__redis)
            opts="list"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__redis__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__remove)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__serve)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__token)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__update)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__verify)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__help__subcmd__write)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__inspect)
            opts="-i -q -h --input --max-size --claims --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --input)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -i)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__keygen)
            opts="-q -h --out --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --out)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__list)
            opts="-q -h --match --all --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --match)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__man)
            opts="-q -h --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__path)
            opts="-q -h --lock --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__presets)
            opts="-q -h --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__prune)
            opts="-q -h --match --dry-run --delete-empty --all --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --match)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__read)
            opts="-i -q -h --allow-missing --redact --input --max-size --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --input)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -i)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__redis)
            opts="-q -h --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help list help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__redis__subcmd__help)
            opts="list help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__redis__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__redis__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__redis__subcmd__list)
            opts="-q -h --match --all --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --match)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__remove)
            opts="-q -h --user --client-id --section --kind --scope --environment --dry-run --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --client-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --section)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kind)
                    COMPREPLY=($(compgen -W "access-token" -- "${cur}"))
                    return 0
                    ;;
                --scope)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --environment)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__serve)
            opts="-q -h --managed-identity --listen --user --home-account-id --app-only --client-id --tenant --min-validity --refresh --authority --network-timeout --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --listen)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --user)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --home-account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --client-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --authority)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --network-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__token)
            opts="-q -h --scope --user --home-account-id --app-only --client-id --tenant --min-validity --format --refresh --force-refresh --authority --network-timeout --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --scope)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --user)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --home-account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --client-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tenant)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "raw json az exec-credential" -- "${cur}"))
                    return 0
                    ;;
                --authority)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --network-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__update)
            opts="-q -h --allow-missing --max-size --force-partition --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --max-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__verify)
            opts="-q -h --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tokencache__subcmd__write)
            opts="-i -q -h --input --max-size --merge --stream --each --prune-expired --force-partition --cache-path --store --preset --service --account --plaintext-fallback --lock-timeout --quiet --json --collection --schema --attribute --label --encoding --keyring-timeout --key-fd --key-file --entropy-env --redis-url --redis-cluster --redis-sentinel --redis-sentinel-password-file --redis-password-file --redis-ca-file --redis-timeout --redis-key --redis-prefix --redis-layout --redis-ttl --pg-url --pg-password-file --pg-ca-file --pg-timeout --pg-table --pg-key --pg-layout --pg-ttl --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --input)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -i)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -W "auto file secret-service keychain dpapi encrypted-file redis postgres" -- "${cur}"))
                    return 0
                    ;;
                --preset)
                    COMPREPLY=($(compgen -W "msal-node azure-cli azure-identity-dotnet gcm azure-identity-python azure-identity-js" -- "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --collection)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schema)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --attribute)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "auto raw base64" -- "${cur}"))
                    return 0
                    ;;
                --keyring-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-fd)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --entropy-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-sentinel-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-layout)
                    COMPREPLY=($(compgen -W "auto string aspnet" -- "${cur}"))
                    return 0
                    ;;
                --redis-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-ca-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pg-layout)
                    COMPREPLY=($(compgen -W "microsoft community" -- "${cur}"))
                    return 0
                    ;;
                --pg-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _tokencache -o nosort -o bashdefault -o default tokencache
else
    complete -F _tokencache -o bashdefault -o default tokencache
fi
