// Reads a JSON array of Kubernetes objects on stdin and checks each against the schema of its
// apiVersion and kind, compiled from the Kubernetes OpenAPI document by kubernetes-models (no
// network, no cluster). Prints one line per problem and exits 1 when there is any. The schemas
// check types, required fields, enums and formats; like kubeconform without -strict they do not
// refuse unknown fields.
"use strict";

const fs = require("fs");

function modelOf(apiVersion, kind) {
  // "v1" is the core group's folder; "apps/v1" and "policy/v1" are folders as written.
  const folder = apiVersion.includes("/") ? apiVersion : "v1";
  try {
    return require(`kubernetes-models/${folder}/${kind}`)[kind];
  } catch (error) {
    return undefined;
  }
}

const objects = JSON.parse(fs.readFileSync(0, "utf8"));
let problems = 0;
for (const object of objects) {
  const name = `${object.kind} ${object.metadata && object.metadata.name}`;
  const Model = modelOf(String(object.apiVersion), String(object.kind));
  if (!Model) {
    console.log(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
    problems++;
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    console.log(`${name}: ${error.message}`);
    problems++;
  }
}
console.log(`checked ${objects.length} objects, ${problems} with problems`);
process.exit(problems === 0 ? 0 : 1);
