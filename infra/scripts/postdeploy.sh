#!/bin/sh
# azd postdeploy hook: the Event Grid subscription of the blob trigger (infra/eventgrid.bicep). It needs the host's
# blobs_extension key, which exists only once the code is deployed; the template reads it itself (listKeys), so no key
# passes through here. azd exports main.bicep's outputs and AZURE_RESOURCE_GROUP to hooks.
set -eu
# Output names as declared, or upper-cased (azd versions differ).
app="${functionAppName:-$FUNCTIONAPPNAME}"
topic="${systemTopicName:-$SYSTEMTOPICNAME}"
storage="${storageAccountName:-$STORAGEACCOUNTNAME}"
deadletter="${deadLetterContainerName:-${DEADLETTERCONTAINERNAME:-eventgrid-deadletter}}"
az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name platform-eventgrid \
  --template-file infra/eventgrid.bicep \
  --parameters \
    functionAppName="$app" \
    systemTopicName="$topic" \
    storageAccountName="$storage" \
    deadLetterContainerName="$deadletter" \
  --output none
echo "Event Grid subscription for uploads/ created (dead letters: $deadletter)."
