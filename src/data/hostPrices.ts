/**
 * The bundled price table's entries of the other OpenAI-compatible hosts genai-prices prices (Avian, Novita, ...),
 * generated with src/data/prices.ts by `npm run prices:update`: do not edit by hand. Imported only where the table
 * is loaded on first use (`PriceTable.current`), never at start. Sources: PRICES-SOURCES.md beside this file.
 *
 * @internal
 */
export const hostPrices: unknown = {
  "entries": [
    {
      "provider": "cloudflare",
      "model": "@cf/ai4bharat/indictrans2-en-indic-1B",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.342",
            "output": "0.342"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/aisingapore/gemma-sea-lion-v4-27b-it",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.351",
            "output": "0.555"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.497",
            "output": "4.881"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/deepseek-ai/deepseek-v4-flash-0731",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.44",
            "output": "1.32",
            "cacheRead": "0.014"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/deepseek-ai/deepseek-v4-pro-0813",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.32",
            "output": "3.96",
            "cacheRead": "0.044"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/google/gemma-3-12b-it",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.345",
            "output": "0.556"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/google/gemma-4-26b-a4b-it",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/ibm-granite/granite-4.0-h-micro",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.017",
            "output": "0.112"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-2-7b-chat-fp16",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.556",
            "output": "6.667"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3-8b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.282",
            "output": "0.827"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3-8b-instruct-awq",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.123",
            "output": "0.266"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-70b-instruct-fp8-fast",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.293",
            "output": "2.253"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-8b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.282",
            "output": "0.827"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-8b-instruct-awq",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.123",
            "output": "0.266"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-8b-instruct-fast",
      "aliases": [
        "@cf/meta/llama-3.1-8b-instruct-fp8-fast"
      ],
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.045",
            "output": "0.384"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-8b-instruct-fp8",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.152",
            "output": "0.287"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.2-11b-vision-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.049",
            "output": "0.676"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.2-1b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.027",
            "output": "0.201"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.2-3b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.051",
            "output": "0.335"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.293",
            "output": "2.253"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-4-scout-17b-16e-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.27",
            "output": "0.85"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-guard-3-8b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.484",
            "output": "0.03"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/m2m100-1.2b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.342",
            "output": "0.342"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/mistral/mistral-7b-instruct-v0.1",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.19"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/mistralai/mistral-small-3.1-24b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.351",
            "output": "0.555"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/moondream/moondream3.1-9B-A2B",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/moonshotai/kimi-k2.5",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "3",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/moonshotai/kimi-k2.6",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/moonshotai/kimi-k2.7-code",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.19"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/nvidia/nemotron-3-120b-a12b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/openai/gpt-oss-120b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.35",
            "output": "0.75"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/openai/gpt-oss-20b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/qwen/qwen2.5-coder-32b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.66",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/qwen/qwen3-30b-a3b-fp8",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.051",
            "output": "0.335"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/qwen/qwen3.8-27b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "3.2"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/qwen/qwq-32b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.66",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/zai-org/glm-4.7-flash",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/zai-org/glm-5.2",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/zai-org/glm-5.3-flash",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.5",
            "cacheRead": "0.03"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "DeepSeek-R1-Distill-Llama-70B",
      "aliases": [
        "deepseek-r1-distill-llama-70b"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.74",
            "output": "0.74"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-Air",
      "aliases": [
        "glm-4-air"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.069",
            "output": "0.069",
            "cacheRead": "0.034"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-AirX",
      "aliases": [
        "glm-4-airx"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.379",
            "output": "1.379"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-Assistant",
      "aliases": [
        "glm-4-assistant"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.69",
            "output": "0.69"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-FlashX-250414",
      "aliases": [
        "glm-4-flashx-250414"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.014",
            "output": "0.014",
            "cacheRead": "0.007"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-Long",
      "aliases": [
        "glm-4-long"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.138",
            "output": "0.138",
            "cacheRead": "0.069"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-Plus",
      "aliases": [
        "glm-4-plus"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.69",
            "output": "0.69",
            "cacheRead": "0.345"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4.5-Air",
      "aliases": [
        "glm-4.5-air"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.276",
            "cacheRead": "0.022"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4.7",
      "aliases": [
        "glm-4.7"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.276",
            "output": "1.103",
            "cacheRead": "0.055"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4.7-FlashX",
      "aliases": [
        "glm-4.7-flashx"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.069",
            "output": "0.414",
            "cacheRead": "0.014"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5",
      "aliases": [
        "glm-5"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.552",
            "output": "2.483",
            "cacheRead": "0.138"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5-Turbo",
      "aliases": [
        "glm-5-turbo"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.69",
            "output": "3.034",
            "cacheRead": "0.166"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5.1",
      "aliases": [
        "glm-5.1"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.828",
            "output": "3.31",
            "cacheRead": "0.179"
          }
        }
      ]
    },
    {
      "provider": "zai",
      "model": "GLM-5.2",
      "aliases": [
        "glm-5.2"
      ],
      "source": "https://docs.z.ai/guides/overview/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5.2",
      "aliases": [
        "glm-5.2"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.103",
            "output": "3.862",
            "cacheRead": "0.276"
          }
        }
      ]
    },
    {
      "provider": "zai",
      "model": "GLM-5.3",
      "aliases": [
        "glm-5.3"
      ],
      "source": "https://docs.z.ai/guides/overview/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5.3",
      "aliases": [
        "glm-5.3"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.103",
            "output": "3.862",
            "cacheRead": "0.276"
          }
        }
      ]
    },
    {
      "provider": "zai",
      "model": "GLM-5.3-Flash",
      "aliases": [
        "glm-5.3-flash"
      ],
      "source": "https://docs.z.ai/guides/overview/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.25",
            "cacheRead": "0.015"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5.3-Flash",
      "aliases": [
        "glm-5.3-flash"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.055",
            "output": "0.193",
            "cacheRead": "0.016"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Llama-3.1-8B-Instruct",
      "aliases": [
        "llama-3.1-8b-instruct"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.11"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "M2-her",
      "aliases": [
        "m2-her"
      ],
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "Meta-Llama-3.1-405B-Instruct",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "Meta-Llama-3.1-70B-Instruct",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "0.45"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "Meta-Llama-3.1-8B-Instruct",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "Meta-Llama-3.3-70B-Instruct",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "0.45"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Meta-Llama-3_3-70B-Instruct",
      "aliases": [
        "meta-llama-3_3-70b-instruct"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.74",
            "output": "0.74"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2",
      "aliases": [
        "minimax-m2",
        "minimax-m2.1",
        "minimax-m2.5"
      ],
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.03",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2.1-highspeed",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4",
            "cacheRead": "0.03",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2.5-highspeed",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4",
            "cacheRead": "0.03",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2.7",
      "aliases": [
        "minimax-m2.7"
      ],
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.06",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2.7-highspeed",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4",
            "cacheRead": "0.06",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Mistral-7B-Instruct-v0.3",
      "aliases": [
        "mistral-7b-instruct-v0.3"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.11"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Mistral-Nemo-Instruct-2407",
      "aliases": [
        "mistral-nemo-instruct-2407"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.14"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Mistral-Small-3.2-24B-Instruct-2506",
      "aliases": [
        "mistral-small-3.2-24b-instruct-2506"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.31"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Mixtral-8x7B-Instruct-v0.1",
      "aliases": [
        "mixtral-8x7b-instruct-v0.1"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.7",
            "output": "0.7"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3-14B-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3-VL-235B-A22B-Instruct-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3-VL-30B-A3B-Instruct-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.16",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.5-35B-A3B-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.5-397B-A17B",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "3.6"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.5-9B",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.7"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.6-35B-A3B-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.8-27B-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "3",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Qwen2.5-VL-72B-Instruct",
      "aliases": [
        "qwen2.5-vl-72b-instruct"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.01",
            "output": "1.01"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Qwen3-32B",
      "aliases": [
        "qwen3-32b"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.25"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Qwen3-Coder-30B-A3B-Instruct",
      "aliases": [
        "qwen3-coder-30b-a3b-instruct"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.26"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "Sao10K/L3-8B-Stheno-v3.2",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "c4ai-aya-expanse-32b",
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "c4ai-aya-expanse-8b",
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-fable-5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "8",
            "output": "40"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-haiku-4-5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "4"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-opus-4-6",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "20"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-opus-4-8",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "20"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-opus-5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "20"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-sonnet-4-6",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.4",
            "output": "12"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-sonnet-5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "cognitivecomputations/dolphin-mixtral-8x22b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command",
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-a",
      "aliases": [
        "command-a-03-2025"
      ],
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-light",
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-r",
      "aliases": [
        "command-r-08-2024"
      ],
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-r-plus",
      "aliases": [
        "command-r-plus-08-2024"
      ],
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-r7b",
      "aliases": [
        "command-r7b-12-2024"
      ],
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0375",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "deepseek-ai/DeepSeek-V4-Flash",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.28"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "deepseek-ai/DeepSeek-V4-Flash-0731",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.13",
            "output": "0.26",
            "cacheRead": "0.028"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "deepseek-ai/DeepSeek-V4-Flash-0731",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.18",
            "cacheRead": "0.02"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "deepseek-ai/DeepSeek-V4-Pro",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.74",
            "output": "3.48",
            "cacheRead": "0.145"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "deepseek-ai/DeepSeek-V4-Pro",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.74",
            "output": "3.48"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "deepseek-ai/DeepSeek-V4-Pro-0813",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.32",
            "output": "3.96",
            "cacheRead": "0.132"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "deepseek-ai/DeepSeek-V4.1-Flash",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6",
            "cacheRead": "0.01"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "deepseek-v4-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.112",
            "output": "0.224",
            "cacheRead": "0.0144"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "deepseek-v4-pro",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.435",
            "output": "0.87",
            "cacheRead": "0.003625"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "4"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1-distill-llama-70b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1-distill-llama-8b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1-distill-qwen-14b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1-distill-qwen-32b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "deepseek/deepseek-v3.2",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.23",
            "output": "0.33",
            "cacheRead": "0.012"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "deepseek/deepseek-v4-flash",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0805",
            "output": "0.161",
            "cacheRead": "0.0165"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "deepseek/deepseek-v4-flash-latest",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.28",
            "cacheRead": "0.028"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "deepseek/deepseek-v4-pro",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.305",
            "output": "2.61",
            "cacheRead": "0.10875"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "deepseek/deepseek-v4-pro",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.74",
            "output": "3.48",
            "cacheRead": "0.2"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "deepseek/deepseek-v4-pro-0813",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.594",
            "output": "1.782",
            "cacheRead": "0.0198"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek_v3",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.89",
            "output": "0.89"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3-flash-preview",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.425",
            "output": "2.55"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.1-flash-lite",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2125",
            "output": "1.275"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.1-pro-preview",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.7",
            "output": "10.2"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.5-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.275",
            "output": "7.65"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.5-flash-lite",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.255",
            "output": "2.125"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.6-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.275",
            "output": "6.375"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.7-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6375",
            "output": "3.1875",
            "cacheRead": "0.06375"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "glm-5.2",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.12",
            "output": "3.52",
            "cacheRead": "0.208"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "glm-5.3",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.12",
            "output": "3.52",
            "cacheRead": "0.208"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "glm-5.3-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.2",
            "cacheRead": "0.012"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "google/gemma-2-9b-it",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.08"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "google/gemma-4-31B-it",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gpt-5.6-luna",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.48",
            "cacheRead": "0.008",
            "cacheWrite": "0.1"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gpt-5.6-sol",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "24",
            "cacheRead": "0.4",
            "cacheWrite": "5"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gpt-5.6-terra",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "4.8",
            "cacheRead": "0.08",
            "cacheWrite": "1"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "gpt-oss-120b",
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.47"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gpt-oss-120b",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.12",
            "output": "0.48",
            "cacheRead": "0.06"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "gpt-oss-20b",
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "grok-4.5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.6",
            "output": "4.8",
            "cacheRead": "0.4"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "grok-4.6",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "6",
            "cacheRead": "0.5"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "gryphe/mythomax-l2-13b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.09"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "hy3",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1056",
            "output": "0.4224",
            "cacheRead": "0.0264"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "jondurbin/airoboros-l2-70b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.57",
            "output": "2.3"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-0711-preview",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.5",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-0905-preview",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.5",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-thinking",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.5",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-thinking-turbo",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.15",
            "output": "8",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-turbo-preview",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.15",
            "output": "8",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2.5",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "3",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2.6",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "kimi-k2.6",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5472",
            "output": "2.728",
            "cacheRead": "0.292"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2.7-code",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.19"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "kimi-k2.7-code",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.584",
            "output": "2.8",
            "cacheRead": "0.1278"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2.7-code-highspeed",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.9",
            "output": "8",
            "cacheRead": "0.38"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k3",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "kimi-k3",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.4",
            "output": "12",
            "cacheRead": "0.24"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3-70b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.51",
            "output": "0.74"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3-8b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.1-70b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.34",
            "output": "0.39"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.1-8b-instruct",
      "aliases": [
        "meta-llama/llama-3.1-8b-instruct-max"
      ],
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.1-8b-instruct-bf16",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.06"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.2-11b-vision-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.06"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.2-1b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.02",
            "output": "0.02"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.2-3b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.03",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.3-70b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.39",
            "output": "0.39"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "microsoft/wizardlm-2-8x22b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.62",
            "output": "0.62"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "mimo-v2.5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.112",
            "output": "0.224",
            "cacheRead": "0.00224"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "minimax-01",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.1"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "minimax-m1",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "2.2"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "minimax-m3",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.06"
          },
          "tiers": [
            {
              "above": 512000,
              "rates": {
                "input": "0.6",
                "output": "2.4",
                "cacheRead": "0.12"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "minimax-m3",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.24",
            "output": "0.96",
            "cacheRead": "0.048"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "minimax/minimax-m2.5",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.27",
            "output": "1.08",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "mistralai/Devstral-2-123B-Instruct-2512",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "mistralai/mistral-7b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.059",
            "output": "0.059"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "mistralai/mistral-nemo",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.17",
            "output": "0.17"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "moonshot-v1-128k",
      "aliases": [
        "moonshot-v1-128k-vision-preview"
      ],
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "5"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "moonshot-v1-32k",
      "aliases": [
        "moonshot-v1-32k-vision-preview"
      ],
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "moonshot-v1-8k",
      "aliases": [
        "moonshot-v1-8k-vision-preview"
      ],
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "moonshotai/Kimi-K2.6",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "moonshotai/Kimi-K2.6",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "moonshotai/Kimi-K2.7-Code",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "moonshotai/Kimi-K3",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "modal",
      "model": "moonshotai/Kimi-K3",
      "source": "https://modal.com/library",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "moonshotai/kimi-k2.5",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "2.2",
            "cacheRead": "0.225"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "moonshotai/kimi-k2.6",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "moonshotai/kimi-k3",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "moonshotai/kimi-k3",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "muse-glimmer-30b",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.28",
            "output": "1.2",
            "cacheRead": "0.032"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "muse-spark-1.2",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "3.4",
            "cacheRead": "0.12"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "nemotron-3.5-lightning",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.2",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "nousresearch/hermes-2-pro-llama-3-8b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.14"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "nousresearch/nous-hermes-llama2-13b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.17",
            "output": "0.17"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-NVFP4",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.75"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "nvidia/NVIDIA-Nemotron-3-Ultra-550B-A55B",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4",
            "cacheRead": "0.12"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "openai/gpt-oss-120b",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "openai/gpt-oss-20b",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "openchat/openchat-7b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.06"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "qwen/qwen-2-7b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.054",
            "output": "0.054"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "qwen/qwen-2-vl-72b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "0.45"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "qwen/qwen-2.5-72b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.38",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.6-35b",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.112",
            "output": "0.8",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.6-plus",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.26",
            "output": "1.56",
            "cacheWrite": "0.325"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.7-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.024",
            "output": "0.104",
            "cacheRead": "0.0048"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.7-max",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "3.75",
            "cacheRead": "0.25",
            "cacheWrite": "1.5625"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.7-plus",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.256",
            "output": "1.024",
            "cacheRead": "0.0512",
            "cacheWrite": "0.32"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.8-27b",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.34",
            "output": "2.04",
            "cacheRead": "0.068",
            "cacheWrite": "0.425"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.8-max",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "6",
            "cacheRead": "0.25",
            "cacheWrite": "2.5"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "sao10k/l3-70b-euryale-v2.1",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.48",
            "output": "1.48"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "sao10k/l3-8b-lunaris",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "sao10k/l31-70b-euryale-v2.2",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.48",
            "output": "1.48"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "sophosympatheia/midnight-rose-70b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "teknium/openhermes-2.5-mistral-7b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.17",
            "output": "0.17"
          }
        }
      ]
    },
    {
      "provider": "modal",
      "model": "thinkingmachines/Inkling-NVFP4",
      "source": "https://modal.com/library",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.2",
            "output": "5",
            "cacheRead": "0.27"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "thinkingmachines/inkling",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "4.05",
            "cacheRead": "0.17"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "thinkingmachines/inkling-small",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.2",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "thinkingmachines/inkling-small",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.2",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "trinity-large-thinking",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "0.8",
            "cacheRead": "0.06"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "xiaomi/mimo-v2.5",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.4",
            "cacheRead": "0.05"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "xiaomi/mimo-v2.5-pro",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.435",
            "output": "0.87",
            "cacheRead": "0.0036"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "z-ai/glm-4.7",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.388",
            "output": "1.806",
            "cacheRead": "0.097"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "z-ai/glm-5",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.516",
            "output": "2.322",
            "cacheRead": "0.129"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "z-ai/glm-5.1",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.743",
            "output": "2.971",
            "cacheRead": "0.186"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "z-ai/glm-5.2",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.495",
            "output": "1.733",
            "cacheRead": "0.124"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-4.7",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.2",
            "cacheRead": "0.12"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "zai-org/GLM-5.1-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-5.2",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.14"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "zai-org/GLM-5.2-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.93",
            "output": "3",
            "cacheRead": "0.19"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-5.2-Fast",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.1",
            "output": "6.6",
            "cacheRead": "0.21"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-5.3",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.14"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-5.3-Flash",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.5",
            "cacheRead": "0.03"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "zai-org/glm-5.2",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    }
  ]
}
