//! What the tools that ask for a token expect to be told, as pure functions:
//! the Azure CLI's `az account get-access-token` (for every Azure SDK's
//! `AzureCliCredential`), a Kubernetes exec credential (kubectl, client
//! libraries), and git's credential-helper protocol. The commands that answer
//! them (`token --format`, `az`, `git-credential`) read the cache and pick
//! the token; these modules only parse their questions and format the answers.

pub mod az;
pub mod exec_credential;
pub mod git;
pub mod local_time;
