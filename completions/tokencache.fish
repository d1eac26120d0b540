# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tokencache_global_optspecs
    string join \n cache-path= store= preset= service= account= plaintext-fallback lock-timeout= q/quiet json collection= schema= attribute= label= encoding= keyring-timeout= key-fd= key-file= scope= entropy-env= redis-url= redis-cluster redis-sentinel= redis-sentinel-password-file= redis-password-file= redis-ca-file= redis-timeout= redis-key= redis-prefix= redis-layout= redis-ttl= pg-url= pg-password-file= pg-ca-file= pg-timeout= pg-table= pg-key= pg-layout= pg-ttl= h/help V/version
end

function __fish_tokencache_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tokencache_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tokencache_using_subcommand
    set -l cmd (__fish_tokencache_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tokencache -n "__fish_tokencache_needs_command" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_needs_command" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_needs_command" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_needs_command" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_needs_command" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_needs_command" -l scope -d 'DPAPI protection scope, e.g. --scope local-machine (accepted and reported unused elsewhere); before the command' -r -f -a "current-user\t'Only this Windows user can decrypt (CurrentUser)'
local-machine\t'Any user on this machine can decrypt (LocalMachine)'"
complete -c tokencache -n "__fish_tokencache_needs_command" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_needs_command" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_needs_command" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_needs_command" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_needs_command" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_needs_command" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_needs_command" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_needs_command" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_needs_command" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_needs_command" -s V -l version -d 'Print version'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "read" -d 'Print the stored cache JSON to stdout, exactly as stored'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "write" -d 'Store the cache JSON read from stdin (or --input), atomically'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "verify" -d 'Check that the store works, with a round trip that does not touch the cache'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "clear" -d 'Remove the stored cache (succeeds when there is none)'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "path" -d 'Print the cache path'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "update" -d 'Rewrite the stored cache with a command (jq, a script) under one hold of the lock'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "remove" -d 'Remove selected entries (an account, an application, a section) under the lock'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "inspect" -d 'Summarise the stored cache for people, without showing any secret'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "token" -d 'Print the access token MSAL would serve silently from the cache'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "az" -d 'Answer `az account get-access-token` from the Azure CLI\'s cache'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "git-credential" -d 'A git credential helper: the cached token as the password'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "exec" -d 'Run a command with the cached access token in its environment, never in argv'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "serve" -d 'Be a managed-identity endpoint (App Service protocol) serving the cached tokens'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "presets" -d 'List the presets: where each resolves here, and whether its cache exists'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "doctor" -d 'What does not work here, and the fix: every store, preset, cache and lock'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "keygen" -d 'Write a new random key file for the encrypted file store (0600; never overwrites)'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "list" -d 'List the partitions of a distributed cache (Redis, Postgres), key by key'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "prune" -d 'Remove expired access tokens from every partition (Redis, Postgres)'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "redis" -d 'Look into a Redis database of token caches (`redis list`: `list` on Redis)'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "completions" -d 'Print the shell completion script for SHELL'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "man" -d 'Print a man page (roff): tokencache(1), or a command\'s'
complete -c tokencache -n "__fish_tokencache_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -s i -l input -d 'With --redact: redact this file ("-" is stdin) instead of the stored cache: no store, no lock' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l max-size -d 'Refuse a cache (stored, or given with --input) larger than this: 16MiB, 512KiB, 1048576' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l allow-missing -d 'Print {} and exit 0 when no cache is stored, instead of exit 3'
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redact -d 'Replace every `secret` value with `"<redacted N bytes>"` (output is re-serialised, indented)'
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand read" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -s i -l input -d 'Read the cache from this file instead of stdin ("-" is stdin)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l max-size -d 'Refuse input larger than this: 16MiB, 512KiB, 1048576' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l merge -d 'Merge into the stored cache instead of replacing it (one lock hold)'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l stream -d 'With --merge: the input is a stream of caches, merged in order under one lock hold'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l each -d 'With --stream: store after every document, as it arrives'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l prune-expired -d 'With --merge: drop access tokens whose expires_on is before now'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l force-partition -d 'Redis: store entries even when they belong to another partition than --redis-key'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand write" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand verify" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand clear" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l lock -d 'Print the lock file\'s path instead'
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand path" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l max-size -d 'Refuse a cache (stored, or CMD\'s output) larger than this: 16MiB, 512KiB, 1048576' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l allow-missing -d 'Feed {} to CMD when no cache is stored, instead of exit 3'
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l force-partition -d 'Redis: store entries CMD adds or changes even when they belong to another partition than --redis-key'
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand update" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l user -d 'Entries of this signed-in account: a username (any case) or a home account id' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l client-id -d 'Entries of this client (application) id' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l section -d 'Only entries of this section (repeatable): AccessToken, RefreshToken, IdToken, Account, AppMetadata, …' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l kind -d 'Only credentials of this kind: `access-token` drops access tokens and keeps refresh tokens, so the app\'s next silent call gets a new one' -r -f -a "access-token\t'Access tokens (the `AccessToken` section); refresh tokens stay'"
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l scope -d 'With --kind access-token: only tokens for these scopes (all of them among the token\'s; any case; repeatable)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l environment -d 'Only entries of this environment (e.g. login.microsoftonline.com); with --user and --client-id, the app\'s own, exactly as MSAL Python\'s remove_account' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l dry-run -d 'Say what would be removed, and change nothing'
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand remove" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -s i -l input -d 'Inspect this file ("-" is stdin) instead of the stored cache: no store, no lock' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l max-size -d 'Refuse a cache (stored, or given with --input) larger than this: 16MiB, 512KiB, 1048576' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l claims -d 'Also decode the JWT header and claims that matter (alg, typ, kid; aud, iss, exp, upn, preferred_username)'
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand inspect" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l scope -d 'A scope the token must carry (repeatable, or several in one value separated by spaces); compared ignoring case' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l user -d 'The signed-in account\'s username (any case)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l home-account-id -d 'The account\'s home account id (`uid.utid`), exactly' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l client-id -d 'Only a token this client (application) obtained' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l tenant -d 'Only a token of this tenant (realm); default: the account\'s home tenant, then organizations/common' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l min-validity -d 'Validity the token must have left, like MSAL\'s 5-minute refresh margin (500ms, 60s, 5m, 1h)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l format -d 'What to print: raw (the token alone), json (as --json), az, exec-credential' -r -f -a "raw\t'The token alone, one line'
json\t'A JSON document about the token (what --json prints)'
az\t'What `az account get-access-token --output json` prints (Azure CLI 2.54+)'
exec-credential\t'A Kubernetes ExecCredential (the apiVersion of KUBERNETES_EXEC_INFO, else client.authentication.k8s.io/v1)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l authority -d 'Refresh at this authority, https://HOST[:PORT]/TENANT, instead of the cache\'s own cloud' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l network-timeout -d 'The bound on the whole refresh, retry included (500ms, 30s, 2m)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l app-only -d 'Only an app-only (client credentials) token, never a user\'s; without it, only users\' tokens'
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l refresh -d 'When no cached access token is valid, redeem the cached refresh token at the token endpoint and store the new tokens'
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l force-refresh -d 'Refresh even when a cached token is valid (a new token after a PIM role activation or a group change); implies --refresh'
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand token" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand az" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l host -d 'A host answered (repeatable): a name, name:port, or *.domain [default: dev.azure.com, *.visualstudio.com]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l scope -d 'The scope of the token given as the password [default: Azure DevOps\' 499b84ac-1321-427f-aa17-267ca6975798/.default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l user -d 'The signed-in account\'s username (any case), when several have a token' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l min-validity -d 'Validity the token must have left (500ms, 60s, 5m, 1h)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l authority -d 'Refresh at this authority, https://HOST[:PORT]/TENANT, instead of the cache\'s own cloud' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l network-timeout -d 'The bound on the whole refresh, retry included (500ms, 30s, 2m)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l refresh -d 'When no cached access token is valid, redeem the cached refresh token at the token endpoint and store the new tokens'
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l force-refresh -d 'Refresh even when a cached token is valid (a new token after a PIM role activation or a group change); implies --refresh'
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand git-credential" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l scope -d 'A scope the token must carry (repeatable, or several in one value separated by spaces); compared ignoring case' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l user -d 'The signed-in account\'s username (any case)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l home-account-id -d 'The account\'s home account id (`uid.utid`), exactly' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l client-id -d 'Only a token this client (application) obtained' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l tenant -d 'Only a token of this tenant (realm); default: the account\'s home tenant, then organizations/common' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l min-validity -d 'Validity the token must have left, like MSAL\'s 5-minute refresh margin (500ms, 60s, 5m, 1h)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l format -d 'What to print: raw (the token alone), json (as --json), az, exec-credential' -r -f -a "raw\t'The token alone, one line'
json\t'A JSON document about the token (what --json prints)'
az\t'What `az account get-access-token --output json` prints (Azure CLI 2.54+)'
exec-credential\t'A Kubernetes ExecCredential (the apiVersion of KUBERNETES_EXEC_INFO, else client.authentication.k8s.io/v1)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l authority -d 'Refresh at this authority, https://HOST[:PORT]/TENANT, instead of the cache\'s own cloud' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l network-timeout -d 'The bound on the whole refresh, retry included (500ms, 30s, 2m)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l env -d 'The environment variable that carries the token to CMD (repeatable) [default: AZURE_ACCESS_TOKEN]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l app-only -d 'Only an app-only (client credentials) token, never a user\'s; without it, only users\' tokens'
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l refresh -d 'When no cached access token is valid, redeem the cached refresh token at the token endpoint and store the new tokens'
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l force-refresh -d 'Refresh even when a cached token is valid (a new token after a PIM role activation or a group change); implies --refresh'
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand exec" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l listen -d 'Where to listen [default: 127.0.0.1:0, loopback on a random free port]; another address prints a warning' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l user -d 'The signed-in account\'s username (any case)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l home-account-id -d 'The account\'s home account id (`uid.utid`), exactly' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l client-id -d 'Only tokens this client (application) obtained' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l tenant -d 'Only tokens of this tenant (realm); default: the account\'s home tenant, then organizations/common' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l min-validity -d 'Validity a token must have left to be served (500ms, 60s, 5m, 1h)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l authority -d 'Refresh at this authority, https://HOST[:PORT]/TENANT, instead of the cache\'s own cloud' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l network-timeout -d 'The bound on each refresh, retry included (500ms, 30s, 2m)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l managed-identity -d 'Speak the App Service managed-identity protocol (api-version 2019-08-01), which the Azure SDKs use'
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l app-only -d 'Only app-only (client credentials) tokens, never a user\'s'
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l refresh -d 'When a resource\'s cached access token is missing or expiring, redeem the cached refresh token and store the new tokens (once per resource at a time)'
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand serve" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand presets" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand doctor" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l out -d 'Where to write the key (base64 of 32 random bytes); refused if it exists' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand keygen" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l match -d 'Only keys matching this glob after --redis-prefix (Postgres: ids; * and ? only), e.g. --match \'*.72f988bf-86f1-41af-91ab-2d7cd011db47\'' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l all -d 'Also list keys that are not token caches (sessions, discovery metadata, …)'
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand list" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l match -d 'Only keys matching this glob after --redis-prefix (Postgres: ids; * and ? only)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l dry-run -d 'Change nothing: report what would be removed and deleted'
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l delete-empty -d 'Delete a partition left with nothing once its expired access tokens are removed'
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l all -d 'Also report, one line each, the keys that are not token caches (they are never changed)'
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand prune" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List the keys with SCAN: layout, TTL, size, accounts and tokens, expired entries, partition check'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l match -d 'Only keys matching this glob after --redis-prefix (Postgres: ids; * and ? only), e.g. --match \'*.72f988bf-86f1-41af-91ab-2d7cd011db47\'' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l all -d 'Also list keys that are not token caches (sessions, discovery metadata, …)'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the keys with SCAN: layout, TTL, size, accounts and tokens, expired entries, partition check'
complete -c tokencache -n "__fish_tokencache_using_subcommand redis; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand completions" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l cache-path -d 'The cache file [default: <user root>/.tokencache/cache.json]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l store -d 'Where the cache lives [default: auto, the platform\'s protected store]' -r -f -a "auto\t'The platform\'s protected store, as msal-node-extensions chooses it'
file\t'A plaintext file (0600) at the cache path'
secret-service\t'A Secret Service item (Linux)'
keychain\t'A Keychain generic password (macOS)'
dpapi\t'A DPAPI-encrypted file at the cache path (Windows)'
encrypted-file\t'An authenticated encrypted file at the cache path, with an explicit key (every OS)'
redis\t'One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)'
postgres\t'One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l preset -d 'Use a well-known cache\'s path, store and keyring item' -r -f -a "msal-node\t''
azure-cli\t''
azure-identity-dotnet\t''
gcm\t''
azure-identity-python\t''
azure-identity-js\t''"
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l service -d 'Keyring service name [default: tokencache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l account -d 'Keyring account name [default: default]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l lock-timeout -d 'How long to wait for the lock' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l collection -d 'Collection: an alias or a label, e.g. --collection session [default: the default collection]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l schema -d 'The item\'s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l attribute -d 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l label -d 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l encoding -d 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]' -r -f -a "auto\t'Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw'
raw\t'The UTF-8 JSON itself (keytar, Python msal-extensions)'
base64\t'Base64 of the UTF-8 JSON (MSAL.NET\'s `WithLinuxKeyring`)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l keyring-timeout -d 'Give up on the keyring after this long, e.g. --keyring-timeout 3s' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l key-fd -d 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l key-file -d 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l entropy-env -d 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-url -d 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-sentinel -d 'Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-sentinel-password-file -d 'A file holding the sentinels\' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-password-file -d 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-ca-file -d 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-timeout -d 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-key -d 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-prefix -d 'A prefix put before every key: ASP.NET Core\'s InstanceName, e.g. --redis-prefix MyApp_' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-layout -d 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]' -r -f -a "auto\t'Decide from the key\'s type (a new key: string, or hash with a prefix)'
string\t'A string holding the cache JSON (msal-node `DistributedCachePlugin`)'
aspnet\t'A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)'"
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-ttl -d 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l pg-url -d 'The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l pg-password-file -d 'A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l pg-ca-file -d 'CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system\'s roots]' -r -F
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l pg-timeout -d 'Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l pg-table -d 'The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider\'s SchemaName and TableName) [default: public.cache]' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l pg-key -d 'The partition: the row\'s id, e.g. --pg-key 6b1a….72f9… (MSAL.NET\'s SuggestedCacheKey)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l pg-layout -d 'Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]' -r -f -a "microsoft\t'Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration'
community\t'Community.Microsoft.Extensions.Caching.PostgreSql: "Id", "Value", "ExpiresAtTime", …'"
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l pg-ttl -d 'Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)' -r
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l plaintext-fallback -d 'Linux: use the plaintext file when the Secret Service fails verification'
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -s q -l quiet -d 'Nothing on stderr but errors and security warnings'
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l json -d 'Machine-readable output, and JSON errors on stderr'
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -l redis-cluster -d '--redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000'
complete -c tokencache -n "__fish_tokencache_using_subcommand man" -s h -l help -d 'Print help (-h: the command\'s own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "read" -d 'Print the stored cache JSON to stdout, exactly as stored'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "write" -d 'Store the cache JSON read from stdin (or --input), atomically'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "verify" -d 'Check that the store works, with a round trip that does not touch the cache'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "clear" -d 'Remove the stored cache (succeeds when there is none)'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "path" -d 'Print the cache path'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "update" -d 'Rewrite the stored cache with a command (jq, a script) under one hold of the lock'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "remove" -d 'Remove selected entries (an account, an application, a section) under the lock'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "inspect" -d 'Summarise the stored cache for people, without showing any secret'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "token" -d 'Print the access token MSAL would serve silently from the cache'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "az" -d 'Answer `az account get-access-token` from the Azure CLI\'s cache'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "git-credential" -d 'A git credential helper: the cached token as the password'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "exec" -d 'Run a command with the cached access token in its environment, never in argv'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "serve" -d 'Be a managed-identity endpoint (App Service protocol) serving the cached tokens'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "presets" -d 'List the presets: where each resolves here, and whether its cache exists'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "doctor" -d 'What does not work here, and the fix: every store, preset, cache and lock'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "keygen" -d 'Write a new random key file for the encrypted file store (0600; never overwrites)'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "list" -d 'List the partitions of a distributed cache (Redis, Postgres), key by key'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "prune" -d 'Remove expired access tokens from every partition (Redis, Postgres)'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "redis" -d 'Look into a Redis database of token caches (`redis list`: `list` on Redis)'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "completions" -d 'Print the shell completion script for SHELL'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "man" -d 'Print a man page (roff): tokencache(1), or a command\'s'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and not __fish_seen_subcommand_from read write verify clear path update remove inspect token az git-credential exec serve presets doctor keygen list prune redis completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokencache -n "__fish_tokencache_using_subcommand help; and __fish_seen_subcommand_from redis" -f -a "list" -d 'List the keys with SCAN: layout, TTL, size, accounts and tokens, expired entries, partition check'
