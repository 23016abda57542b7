#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include "gw-demo-names.h"

/* The 23 streets and towns of Tongnan district, with codes in the GB/T 2260 pattern
 * (街道 0xx, 镇 1xx). */
const GwDemoStreet gw_demo_tongnan_streets[23] = {
  { "梓潼街道", "001", TRUE },
  { "桂林街道", "002", TRUE },
  { "大佛街道", "003", TRUE },
  { "上和镇", "100", FALSE },
  { "龙形镇", "101", FALSE },
  { "古溪镇", "102", FALSE },
  { "宝龙镇", "103", FALSE },
  { "玉溪镇", "104", FALSE },
  { "米心镇", "105", FALSE },
  { "群力镇", "106", FALSE },
  { "双江镇", "107", FALSE },
  { "花岩镇", "108", FALSE },
  { "柏梓镇", "109", FALSE },
  { "崇龛镇", "110", FALSE },
  { "塘坝镇", "111", FALSE },
  { "新胜镇", "112", FALSE },
  { "太安镇", "113", FALSE },
  { "小渡镇", "114", FALSE },
  { "卧佛镇", "115", FALSE },
  { "五桂镇", "116", FALSE },
  { "田家镇", "117", FALSE },
  { "别口镇", "118", FALSE },
  { "寿桥镇", "119", FALSE },
};

/* 61 departments of a district government and the public utilities a command center
 * dispatches to. */
const GwDemoDepartment gw_demo_departments[61] = {
  { "区委组织部", "Organisation Department", "party" },
  { "区委宣传部", "Publicity Department", "party" },
  { "区委统战部", "United Front Work Department", "party" },
  { "区委政法委", "Political and Legal Affairs Commission", "safety" },
  { "区委社会工作部", "Social Work Department", "party" },
  { "区纪委监委", "Discipline Inspection and Supervision Commission", "party" },
  { "区发展改革委", "Development and Reform Commission", "economy" },
  { "区教委", "Education Commission", "livelihood" },
  { "区科技局", "Science and Technology Bureau", "economy" },
  { "区经济信息委", "Economy and Information Technology Commission", "economy" },
  { "区民族宗教委", "Ethnic and Religious Affairs Commission", "party" },
  { "区公安分局", "Public Security Bureau", "safety" },
  { "区民政局", "Civil Affairs Bureau", "livelihood" },
  { "区司法局", "Justice Bureau", "safety" },
  { "区财政局", "Finance Bureau", "economy" },
  { "区人力社保局", "Human Resources and Social Security Bureau", "livelihood" },
  { "区规划自然资源局", "Planning and Natural Resources Bureau", "economy" },
  { "区生态环境局", "Ecology and Environment Bureau", "livelihood" },
  { "区住房城乡建委", "Housing and Urban-Rural Development Commission", "livelihood" },
  { "区城市管理局", "City Management Bureau", "livelihood" },
  { "区交通运输委", "Transport Commission", "livelihood" },
  { "区水利局", "Water Resources Bureau", "safety" },
  { "区农业农村委", "Agriculture and Rural Affairs Commission", "economy" },
  { "区商务委", "Commerce Commission", "economy" },
  { "区文化旅游委", "Culture and Tourism Commission", "livelihood" },
  { "区卫生健康委", "Health Commission", "livelihood" },
  { "区退役军人事务局", "Veterans Affairs Bureau", "livelihood" },
  { "区应急管理局", "Emergency Management Bureau", "safety" },
  { "区审计局", "Audit Bureau", "economy" },
  { "区国资委", "State Assets Commission", "economy" },
  { "区市场监管局", "Market Supervision Bureau", "safety" },
  { "区统计局", "Statistics Bureau", "economy" },
  { "区医保局", "Medical Insurance Bureau", "livelihood" },
  { "区林业局", "Forestry Bureau", "economy" },
  { "区信访办", "Letters and Visits Office", "safety" },
  { "区大数据发展局", "Big Data Development Bureau", "economy" },
  { "区机关事务局", "Government Offices Administration", "party" },
  { "区乡村振兴局", "Rural Revitalisation Bureau", "economy" },
  { "区供销合作社", "Supply and Marketing Cooperative", "economy" },
  { "区气象局", "Meteorological Bureau", "safety" },
  { "区税务局", "Taxation Bureau", "economy" },
  { "区消防救援支队", "Fire and Rescue Brigade", "safety" },
  { "区交巡警支队", "Traffic Police Brigade", "safety" },
  { "区人民法院", "People's Court", "safety" },
  { "区人民检察院", "People's Procuratorate", "safety" },
  { "区妇联", "Women's Federation", "livelihood" },
  { "团区委", "Communist Youth League Committee", "party" },
  { "区残联", "Disabled Persons' Federation", "livelihood" },
  { "区总工会", "Federation of Trade Unions", "livelihood" },
  { "区工商联", "Federation of Industry and Commerce", "economy" },
  { "区红十字会", "Red Cross Society", "livelihood" },
  { "区融媒体中心", "Media Centre", "party" },
  { "区档案馆", "Archives", "party" },
  { "区港航事务中心", "Port and Shipping Affairs Centre", "safety" },
  { "区环卫所", "Sanitation Station", "livelihood" },
  { "区园林绿化所", "Parks and Greening Station", "livelihood" },
  { "国网潼南供电公司", "State Grid Tongnan Power Supply", "livelihood" },
  { "潼南自来水公司", "Tongnan Water Supply Company", "livelihood" },
  { "潼南燃气公司", "Tongnan Gas Company", "safety" },
  { "潼南公交公司", "Tongnan Bus Company", "livelihood" },
  { "中国电信潼南分公司", "China Telecom Tongnan", "livelihood" },
};

const char *const gw_demo_syllables_a[] = {
  "龙", "凤", "石", "桂", "井", "金", "玉", "新", "花", "柏", "梓", "双", "太", "安", "宝",
  "白", "青", "红", "杨", "柳", "桥", "河", "山", "塘", "高", "长", "东", "西", "南", "北",
  "永", "兴", "和", "平", "福", "寿", "万", "三", "五", "七", "大", "小", "古", "清", "明",
  "文", "武", "光", "德", "仁", "义", "学", "书", "松", "竹", "梅", "莲", "荷", "桃", "李", NULL
};

const char *const gw_demo_syllables_b[] = {
  "潭", "田", "湾", "坪", "岩", "溪", "坝", "林", "园", "桥", "山", "江", "河", "池", "台",
  "庙", "寺", "沟", "坡", "垭", "嘴", "堡", "场", "院", "街", "门", "亭", "阁", "泉", "滩",
  "岭", "峰", "湖", "洲", "观", "店", "口", "井", "塘", "庄", NULL
};

const char *const gw_demo_surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "胡", "朱",
  "郭", "何", "罗", "高", "林", "唐", "蒋", "谢", "邓", "冯", "曾", "彭", "曹", "袁", "邹",
  "傅", "熊", "秦", "廖", "向", "谭", "雷", "汪", "蔡", "余", NULL
};

const char *const gw_demo_given[] = {
  "建", "国", "华", "明", "丽", "芳", "军", "勇", "伟", "强", "敏", "静", "杰", "涛", "霞",
  "平", "刚", "桂", "英", "兰", "秀", "红", "燕", "玲", "志", "文", "斌", "波", "辉", "鹏",
  "丹", "琴", "云", "春", "梅", "海", "林", "洪", "德", "成", NULL
};

const char *const gw_demo_road_suffixes[] = {
  "路", "街", "大道", "巷", "北路", "南路", "东路", "西路", NULL
};

const char *const gw_demo_landmarks[] = {
  "广场", "农贸市场", "便民服务中心", "小学门口", "卫生室", "公交站", "文化活动室",
  "村委会", "河堤", "停车场", "老街", "安置小区", "幼儿园", "菜市场", "体育公园", NULL
};

const char *const gw_demo_camera_spots[] = {
  "路口", "卡口", "高点", "小区门口", "广场", "学校门口", "市场", "河道", "桥头", "停车场", NULL
};

guint
gw_demo_strv_length (const char *const *v)
{
  guint n = 0;
  while (v[n])
    n++;
  return n;
}
