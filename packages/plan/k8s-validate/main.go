// k8s-validate: strict decoding of Kubernetes objects with the Kubernetes API's own Go types
// (k8s.io/api, k8s.io/apiextensions-apiserver at the version go.mod pins), as the API server
// decodes a request body with field validation "Strict": an unknown field, a duplicate field or a
// value of the wrong type is an error. Kinds the scheme does not know (custom resources) are
// reported as such, not passed.
//
// Input (stdin): a JSON array of {"id": string, "object": {...}}.
// Output (stdout): a JSON array of {"id": string, "error"?: string, "unknownKind"?: true}, in order.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/client-go/kubernetes/scheme"
)

type item struct {
	ID     string          `json:"id"`
	Object json.RawMessage `json:"object"`
}

type result struct {
	ID          string `json:"id"`
	Error       string `json:"error,omitempty"`
	UnknownKind bool   `json:"unknownKind,omitempty"`
}

func main() {
	s := runtime.NewScheme()
	if err := scheme.AddToScheme(s); err != nil {
		fail(err)
	}
	if err := apiextensionsv1.AddToScheme(s); err != nil {
		fail(err)
	}
	decoder := serializer.NewCodecFactory(s, serializer.EnableStrict).UniversalDeserializer()
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var items []item
	if err := json.Unmarshal(input, &items); err != nil {
		fail(err)
	}
	out := make([]result, 0, len(items))
	for _, it := range items {
		r := result{ID: it.ID}
		if _, _, err := decoder.Decode(it.Object, nil, nil); err != nil {
			if runtime.IsNotRegisteredError(err) {
				r.UnknownKind = true
			} else {
				r.Error = err.Error()
			}
		}
		out = append(out, r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "k8s-validate:", err)
	os.Exit(3)
}
